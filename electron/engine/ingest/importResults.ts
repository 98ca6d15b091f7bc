/** The importer's results for files that failed, were stopped or were left out, and other small helpers. */
import { basename } from "node:path";
import type { ErrorInfo, ImportFileResult } from "../../../shared/types";
import type { OutsideLink } from "./collectImportFiles";
import { ImportError } from "./ImportError";

/** Batches that can be read more than once (a shared commit that failed is replayed one by one). */
export function replayable<T>(batches: T[]): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]: () => {
      let next = 0;
      return {
        next: (): Promise<IteratorResult<T>> =>
          Promise.resolve(
            next < batches.length
              ? { done: false, value: batches[next++] as T }
              : { done: true, value: undefined },
          ),
      };
    },
  };
}

export function notesOf(notes: string[] | undefined): { notes?: string[] } {
  return notes?.length ? { notes } : {};
}

export function failedResult(error: unknown, path: string): ImportFileResult {
  const file = basename(path);
  return { file, path, ok: false, error: errorInfo(error, file) };
}

/** A file the import never reached because it was stopped first. */
export function notStartedResult(path: string): ImportFileResult & { error: ErrorInfo } {
  const file = basename(path);
  return {
    file,
    path,
    ok: false,
    error: {
      code: "ABORTED",
      message: `"${file}" was stopped before it was imported: import it again to add it.`,
    },
  };
}

/** A function, so the compiler does not narrow `signal.aborted` across awaits. */
export function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/**
 * A link in a chosen folder that leads outside it is refused with NO_ACCESS ("Enclave may not read
 * this"), naming where it leads, so the user sees it was left out and why.
 */
export function outsideLinkResult(link: OutsideLink): ImportFileResult & { error: ErrorInfo } {
  const file = basename(link.path);
  return {
    file,
    path: link.path,
    ok: false,
    error: {
      code: "NO_ACCESS",
      message: `"${file}" was skipped: it is a link to ${link.target}, outside the folder you chose. Import that file or folder directly if you meant to.`,
    },
  };
}

export function errorInfo(error: unknown, file: string): ErrorInfo {
  if (error instanceof ImportError) return { code: error.code, message: error.message };
  const e = error as NodeJS.ErrnoException;
  if (e.code === "ENOENT")
    return {
      code: "NOT_FOUND",
      message: `"${file}" was not found: it may have been moved or deleted. Pick it again.`,
    };
  // LanceDB reports a full disk from Rust as text ("No space left on device (os error 28)").
  if (e.code === "ENOSPC" || /No space left on device|os error 28/i.test(e.message ?? ""))
    return {
      code: "DISK_FULL",
      message: `"${file}" could not be imported: the disk is full. Free some space and import it again; the documents already in the library are unchanged.`,
    };
  if (e.code === "EACCES" || e.code === "EPERM")
    return {
      code: "NO_ACCESS",
      message: `"${file}" cannot be read: check that you have permission to open it.`,
    };
  return {
    code: "IMPORT_FAILED",
    message: `"${file}" could not be imported: ${e.message ?? String(error)}`,
  };
}
