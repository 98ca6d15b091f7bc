/**
 * Error codes across Electron's contextBridge. The bridge copies only an Error's message into
 * the page's world (custom properties such as `code` are dropped), so the preload writes the
 * code into the message and the renderer reads it back with `decodeBridgeError`.
 */

const PREFIX = /^\[([A-Z][A-Z0-9_]{0,63})\] /;

/** The message the preload throws: "[CODE] message". */
export function encodeBridgeError(code: string, message: string): string {
  return `[${code}] ${message}`;
}

/** The code and user-facing message of an error thrown by a `window.enclave` call. */
export function decodeBridgeError(error: unknown): { code: string; message: string } {
  const raw = error instanceof Error ? error.message : String(error);
  // Chromium may prefix messages thrown across worlds, e.g. "Error invoking remote method ...: ".
  const start = raw.search(/\[[A-Z][A-Z0-9_]{0,63}\] /);
  const tail = start >= 0 ? raw.slice(start) : raw;
  const match = PREFIX.exec(tail);
  if (match?.[1] === undefined) return { code: "INTERNAL", message: raw };
  return { code: match[1], message: tail.slice(match[0].length) };
}
