/** Errors the store raises; each message says what the user or caller can do next. */
import type { ErrorCode } from "../../../shared/errorCodes";

export class StoreVersionError extends Error {
  override readonly name = "StoreVersionError";
  readonly code: ErrorCode = "STORE_VERSION";
  constructor(found: number, supported: number) {
    super(
      `This library was written by a newer Enclave (index version ${found}, this version reads up to ${supported}). Update Enclave to open it.`,
    );
  }
}

export class CollectionNotFoundError extends Error {
  override readonly name = "CollectionNotFoundError";
  readonly code: ErrorCode = "COLLECTION_NOT_FOUND";
  constructor(name: string) {
    super(`There is no collection named "${name}". Pick one from the library or create it first.`);
  }
}

export class CollectionExistsError extends Error {
  override readonly name = "CollectionExistsError";
  readonly code: ErrorCode = "COLLECTION_EXISTS";
  constructor(name: string) {
    super(`A collection named "${name}" already exists. Choose another name.`);
  }
}

export class DocumentNotFoundError extends Error {
  override readonly name = "DocumentNotFoundError";
  readonly code: ErrorCode = "DOCUMENT_NOT_FOUND";
  constructor(id: string) {
    super(`Document ${id.slice(0, 12)}… is not in the library. Re-import the file.`);
  }
}

export class PageNotFoundError extends Error {
  override readonly name = "PageNotFoundError";
  readonly code: ErrorCode = "PAGE_NOT_FOUND";
  constructor(id: string, page: number, pageCount: number) {
    super(
      `Page ${page} does not exist in document ${id.slice(0, 12)}… (it has ${pageCount} pages). Choose a page from 1 to ${pageCount}.`,
    );
  }
}

export class VectorDimensionError extends Error {
  override readonly name = "VectorDimensionError";
  readonly code: ErrorCode = "VECTOR_DIMENSION";
  constructor(expected: number, got: number) {
    super(
      `Vector has ${got} dimensions but the stored vectors have ${expected}. Re-embed with one model at a time.`,
    );
  }
}
