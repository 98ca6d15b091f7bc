/**
 * Every error code that crosses from the app to the renderer, the CLI's JSON or an import
 * report, declared once. Main passes a thrown error's `code` through only when it is listed
 * here (anything else becomes INTERNAL with a safe message), and the renderer switches on the
 * union, so a new code is a compile error until each side decides what to do with it.
 */
import { z } from "zod";

/** Why a file could not be imported: the importer's codes (also shown per file by the CLI). */
export const IMPORT_ERROR_CODES = [
  "EMPTY",
  "ENCRYPTED",
  "CORRUPT",
  "NO_TEXT",
  "WRONG_TYPE",
  "UNSUPPORTED",
  "TOO_LARGE",
  "ABORTED",
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];
/** A file that could not be read at all, before any parsing (reported per file like the above). */
export const FILE_ERROR_CODES = ["NOT_FOUND", "NO_ACCESS", "IMPORT_FAILED"] as const;

export const ERROR_CODES = [
  // Nothing of ours: a bug or a system failure; the message is generic.
  "INTERNAL",
  ...IMPORT_ERROR_CODES,
  ...FILE_ERROR_CODES,
  // The gateway refused the call before the engine saw it.
  "UNTRUSTED_SENDER",
  "UNKNOWN_METHOD",
  "INVALID_ARGUMENT",
  "UNKNOWN_EVENT",
  "NOTHING_TO_IMPORT",
  // The library and the store.
  "STORE_VERSION",
  "COLLECTION_NOT_FOUND",
  "COLLECTION_EXISTS",
  "DOCUMENT_NOT_FOUND",
  "PAGE_NOT_FOUND",
  "VECTOR_DIMENSION",
  "DOCUMENT_CHANGED",
  "CONVERSATION_NOT_FOUND",
  "CONVERSATION_DAMAGED",
  "LIBRARY_DAMAGED",
  "DISK_FULL",
  // A collection from a library pack IT deployed: read-only; a pack that failed its checks.
  "MANAGED_COLLECTION",
  "PACK_REFUSED",
  // Models.
  "NOT_A_GGUF_FILE",
  "TRUNCATED_MODEL",
  "MODEL_NOT_ALLOWED",
  "MODEL_NOT_FOUND",
  "MODEL_ROLE_MISMATCH",
  "NOT_A_LOCAL_MODEL_PATH",
  "MODEL_DOES_NOT_FIT",
  "INVALID_MODEL_MANIFEST",
  // Policy, audit, the shell.
  "EXPORT_DISABLED",
  "SETTINGS_LOCKED",
  "AUDIT_KEY_UNAVAILABLE",
  "AUDIT_LOG_DAMAGED",
  "AUDIT_WRITE_FAILED",
  "NETWORK_BLOCKED",
  "OPEN_FAILED",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
export const errorCodeSchema = z.enum(ERROR_CODES);

const known: ReadonlySet<string> = new Set(ERROR_CODES);
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && known.has(value);
}
