import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

const packageVersion = (
  JSON.parse(
    readFileSync(path.join(import.meta.dirname, "..", "..", "..", "package.json"), "utf8"),
  ) as { version: string }
).version;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe("the app's version", () => {
  it("is package.json's version when the sources run as they are (CLI, tests, benchmarks)", async () => {
    const { APP_VERSION } = await import("../../../electron/engine/appVersion");
    expect(APP_VERSION).toBe(packageVersion);
  });

  it("is the version the Electron bundle was built with, when the build defined one", async () => {
    vi.stubGlobal("__ENCLAVE_VERSION__", "9.8.7");
    vi.resetModules();
    const { APP_VERSION } = await import("../../../electron/engine/appVersion");
    expect(APP_VERSION).toBe("9.8.7");
  });
});
