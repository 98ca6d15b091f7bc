/** Turns whatever a handler threw into the contract's error envelope, without leaking internals. */
import type { ErrorEnvelope } from "../../shared/contract";

/** Shown for errors that carry no code of ours: their messages may hold paths or stack details. */
export const INTERNAL_MESSAGE =
  "Something went wrong inside Enclave. Try again; if it keeps happening, the details are in the app's log.";

const CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;

/** JavaScript's and zod's own errors signal bugs; their messages are not written for users. */
const BUILTIN_NAMES = new Set([
  "Error",
  "TypeError",
  "RangeError",
  "SyntaxError",
  "ReferenceError",
  "EvalError",
  "URIError",
  "AggregateError",
  "ZodError",
  "$ZodError",
]);

/** "ModelNotAllowedError" -> "MODEL_NOT_ALLOWED". */
export function codeFromErrorName(name: string): string {
  return name
    .replace(/Error$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase();
}

/**
 * Named error classes (engine, shell) have a message written for the user and pass through with
 * their UPPER_SNAKE `code`, or, lacking one, a code made from the class name. Node's system
 * errors also have codes (ENOENT...) but keep the name "Error" and hold raw details, so they,
 * JavaScript's built-in errors and anything else become INTERNAL with a safe message.
 */
export function toErrorEnvelope(error: unknown): ErrorEnvelope {
  if (error instanceof Error) {
    if (error.name === "AbortError") {
      return { ok: false, error: { code: "ABORTED", message: "Stopped." } };
    }
    const named = !BUILTIN_NAMES.has(error.name) && !("syscall" in error) && !("errno" in error);
    if (named) {
      const own = (error as { code?: unknown }).code;
      const code =
        typeof own === "string" && CODE_PATTERN.test(own) ? own : codeFromErrorName(error.name);
      if (CODE_PATTERN.test(code)) return { ok: false, error: { code, message: error.message } };
    }
  }
  return { ok: false, error: { code: "INTERNAL", message: INTERNAL_MESSAGE } };
}
