/**
 * Error codes across Electron's contextBridge. The bridge copies only an Error's message into
 * the page's world (custom properties such as `code` are dropped), so the preload writes the
 * code into the message and the renderer reads it back with `decodeBridgeError`.
 */
import { isErrorCode, type ErrorCode } from "./errorCodes";

const PREFIX = /^\[([A-Z][A-Z0-9_]{0,63})\] /;

/** The message the preload throws: "[CODE] message". */
export function encodeBridgeError(code: ErrorCode, message: string): string {
  return `[${code}] ${message}`;
}

/** The code and user-facing message of an error thrown by a `window.enclave` call. */
export function decodeBridgeError(error: unknown): { code: ErrorCode; message: string } {
  const raw = error instanceof Error ? error.message : String(error);
  // Chromium may prefix messages thrown across worlds, e.g. "Error invoking remote method ...: ".
  const start = raw.search(/\[[A-Z][A-Z0-9_]{0,63}\] /);
  const tail = start >= 0 ? raw.slice(start) : raw;
  const match = PREFIX.exec(tail);
  if (match?.[1] === undefined) return { code: "INTERNAL", message: raw };
  // A code outside the contract's list is not ours to interpret: keep the message, call it INTERNAL.
  return {
    code: isErrorCode(match[1]) ? match[1] : "INTERNAL",
    message: tail.slice(match[0].length),
  };
}
