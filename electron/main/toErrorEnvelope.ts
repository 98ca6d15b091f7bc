/** Turns whatever a handler threw into the contract's error envelope, without leaking internals. */
import type { ErrorEnvelope } from "../../shared/contract";
import { isErrorCode } from "../../shared/errorCodes";
import { DISK_FULL_MESSAGE, isDiskFull } from "../engine/support/diskFull";

/** Shown for errors that carry no code of ours: their messages may hold paths or stack details. */
export const INTERNAL_MESSAGE =
  "Something went wrong inside Enclave. Try again; if it keeps happening, the details are in the app's log.";

/**
 * Errors of ours carry a `code` from the closed list in shared/errorCodes.ts and a message
 * written for the user; they pass through. Everything else — Node's system errors (their codes,
 * ENOENT and the like, are not in the list and their messages hold raw paths), JavaScript's
 * built-in errors, zod's — becomes INTERNAL with a safe message.
 */
export function toErrorEnvelope(error: unknown): ErrorEnvelope {
  if (error instanceof Error) {
    if (error.name === "AbortError")
      return { ok: false, error: { code: "ABORTED", message: "Stopped." } };
    // A full disk is a system error too, but one the user can act on: say so in words.
    if (isDiskFull(error))
      return { ok: false, error: { code: "DISK_FULL", message: DISK_FULL_MESSAGE } };
    const code = (error as { code?: unknown }).code;
    if (isErrorCode(code) && code !== "INTERNAL")
      return { ok: false, error: { code, message: error.message } };
  }
  return { ok: false, error: { code: "INTERNAL", message: INTERNAL_MESSAGE } };
}
