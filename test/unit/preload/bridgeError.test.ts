import { describe, expect, it } from "vitest";
import { decodeBridgeError, encodeBridgeError } from "../../../shared/bridgeError";

describe("error codes across the context bridge", () => {
  it("survive a round trip through the message", () => {
    expect(
      decodeBridgeError(new Error(encodeBridgeError("NOT_FOUND", "No such document."))),
    ).toEqual({ code: "NOT_FOUND", message: "No such document." });
  });

  it("are found after a prefix Chromium adds", () => {
    const raw = `Error invoking remote method 'x': ${encodeBridgeError("ABORTED", "Stopped.")}`;
    expect(decodeBridgeError(new Error(raw))).toEqual({ code: "ABORTED", message: "Stopped." });
  });

  it("read a code the contract does not list as INTERNAL, keeping the message", () => {
    expect(decodeBridgeError(new Error("[SOMETHING_NEW] Try again."))).toEqual({
      code: "INTERNAL",
      message: "Try again.",
    });
  });

  it("fall back to INTERNAL with the whole message when there is no code", () => {
    expect(decodeBridgeError(new Error("boom"))).toEqual({ code: "INTERNAL", message: "boom" });
    expect(decodeBridgeError("plain")).toEqual({ code: "INTERNAL", message: "plain" });
  });
});
