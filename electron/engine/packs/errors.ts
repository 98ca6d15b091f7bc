/** Errors of library packs; each message says what to do next. */
import type { ErrorCode } from "../../../shared/errorCodes";

/** A change asked of a collection that IT manages through a library pack. */
export class ManagedCollectionError extends Error {
  override readonly name = "ManagedCollectionError";
  readonly code: ErrorCode = "MANAGED_COLLECTION";
  constructor(collection: string, what: string) {
    super(
      `"${collection}" is managed by your organisation (a library pack IT deployed), so ${what}. Ask IT to change the pack, or work in a collection of your own.`,
    );
  }
}

/** A pack that failed its checks; `file` names the file at fault (relative to the pack) when one is. */
export class PackRefusedError extends Error {
  override readonly name = "PackRefusedError";
  readonly code: ErrorCode = "PACK_REFUSED";
  constructor(
    readonly packDir: string,
    readonly reason: string,
    readonly file: string | null = null,
  ) {
    super(
      `The library pack in ${packDir} was refused: ${reason}. Nothing from it is searched; ask IT to deploy the pack again.`,
    );
  }
}
