/**
 * A LanceDB file that cannot be read (a data file truncated by a failing disk, overwritten by a
 * sync tool) surfaces from LanceDB as an IO or corruption error deep in a read. The engine turns
 * those into one named error that says what to do: rebuild from the original documents.
 */
import type { ErrorCode } from "../../../shared/errorCodes";

export class LibraryDamagedError extends Error {
  override name = "LibraryDamagedError";
  readonly code: ErrorCode = "LIBRARY_DAMAGED";
  constructor(
    readonly libraryDir: string,
    readonly detail: string,
  ) {
    super(
      `The library in ${libraryDir} is damaged: a file of its index cannot be read (${detail}). Your original documents are not affected. Run \`Enclave --cli rebuild\` to set the damaged library aside and import every document again from where it was imported.`,
    );
  }
}

/** LanceDB's messages for files it cannot read: IO and corruption errors, ranges past a file's end. */
const DAMAGE = [
  /LanceError\((IO|Corrupt\w*|Arrow)\)/i,
  /Invalid range .* for object of size/i,
  /corrupt/i,
  /not a valid (lance|protobuf|arrow)/i,
  /Object at location .* not found/i,
  /unexpected end of file/i,
];

/** Whether `error` is LanceDB failing to read one of the library's files. */
export function isLibraryDamage(error: unknown): boolean {
  if (error instanceof LibraryDamagedError) return true;
  const message = error instanceof Error ? error.message : String(error);
  return DAMAGE.some((re) => re.test(message));
}

/** Runs `work`, turning LanceDB damage into LibraryDamagedError; other errors pass unchanged. */
export async function namingLibraryDamage<T>(
  libraryDir: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LibraryDamagedError || !isLibraryDamage(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new LibraryDamagedError(libraryDir, message.split(", /rustc/")[0] ?? message);
  }
}
