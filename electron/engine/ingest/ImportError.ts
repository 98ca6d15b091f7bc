import { basename } from "node:path";
import type { ImportErrorCode } from "../../../shared/errorCodes";

/** Why a file could not be imported: stable codes, declared once in shared/errorCodes.ts. */
export type { ImportErrorCode };

/**
 * A file Enclave cannot import, with a message that names the file, says why, and says what to do.
 * Thrown by `parseDocument` (and by the page stream it returns).
 */
export class ImportError extends Error {
  override readonly name = "ImportError";
  readonly code: ImportErrorCode;
  /** Absolute path of the file that failed. */
  readonly path: string;

  constructor(code: ImportErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.path = path;
  }
}

/** Builds the user-facing error for a code; `detail` adds specifics (e.g. the size limit). */
export function importError(
  code: ImportErrorCode,
  path: string,
  detail = "",
  cause?: unknown,
): ImportError {
  const file = `"${basename(path)}"`;
  const extra = detail === "" ? "" : ` (${detail})`;
  const text: Record<ImportErrorCode, string> = {
    EMPTY: `${file} is empty (0 bytes): check that the file was copied completely and import it again.`,
    ENCRYPTED: `${file} is password-protected${extra}: export an unprotected copy and import that.`,
    CORRUPT: `${file} is damaged or incomplete${extra}: open it in another program to repair it, or copy it again and import the new copy.`,
    NO_TEXT: `${file} has no text to index${extra}: neither a text layer nor text that OCR could read. Check that it is the right file, or scan it again at a higher resolution.`,
    WRONG_TYPE: `${file} is not what its name says${extra}: rename it with the right extension or export it as PDF, Word (.docx), HTML, Markdown or text.`,
    UNSUPPORTED: `${file} is not a format Enclave can import${extra}: save it as PDF, Word (.docx), HTML, Markdown or plain text and import that.`,
    TOO_LARGE: `${file} is too large to import${extra}: split it into smaller files or ask your administrator to raise the limit.`,
    ABORTED: `Importing ${file} was stopped before it finished, so none of it was kept: import it again when you are ready.`,
  };
  return new ImportError(code, path, text[code], cause === undefined ? undefined : { cause });
}
