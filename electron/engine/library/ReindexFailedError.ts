import type { ErrorCode } from "../../../shared/errorCodes";
import type { ErrorInfo } from "../../../shared/types";

/**
 * A re-index whose import failed, carrying the import's own code and message (encrypted, damaged,
 * missing...) so the user learns what to do; the previous version stays in the library.
 */
export class ReindexFailedError extends Error {
  override readonly name = "ReindexFailedError";
  readonly code: ErrorCode;

  constructor(file: string, error: ErrorInfo | undefined) {
    super(
      error?.message ??
        `"${file}" could not be re-indexed: the previous version stays in the library. Try again, or import the file anew.`,
    );
    this.code = error?.code ?? "INTERNAL";
  }
}
