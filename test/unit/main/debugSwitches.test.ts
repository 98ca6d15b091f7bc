import { describe, expect, it } from "vitest";
import { refusedDebugSwitches } from "../../../electron/main/debugSwitches";

describe("a packaged Enclave started with debugging switches", () => {
  it("names Chromium's remote debugging and V8 flags, with or without a value", () => {
    expect(
      refusedDebugSwitches([
        "/opt/Enclave/enclave",
        "--remote-debugging-port=9222",
        "--js-flags",
        "--expose-gc",
        "--inspect-brk=0.0.0.0:9229",
      ]),
    ).toEqual(["--remote-debugging-port", "--js-flags", "--inspect-brk"]);
  });

  it("finds them after --cli too, where Chromium still reads them", () => {
    expect(
      refusedDebugSwitches(["Enclave", "--cli", "search", "x", "--remote-debugging-pipe"]),
    ).toEqual(["--remote-debugging-pipe"]);
  });

  it("lets an ordinary start and CLI command through", () => {
    expect(refusedDebugSwitches(["Enclave", "--cli", "search", "remote debugging"])).toEqual([]);
    expect(refusedDebugSwitches(["/Applications/Enclave.app/Contents/MacOS/Enclave"])).toEqual([]);
  });
});
