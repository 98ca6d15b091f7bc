/** Errors the store raises; each message says what the user or caller can do next. */

export class StoreVersionError extends Error {
  override readonly name = "StoreVersionError";
  constructor(found: number, supported: number) {
    super(
      `This library was written by a newer Enclave (index version ${found}, this version reads up to ${supported}). Update Enclave to open it.`,
    );
  }
}

export class CollectionNotFoundError extends Error {
  override readonly name = "CollectionNotFoundError";
  constructor(name: string) {
    super(`There is no collection named "${name}". Pick one from the library or create it first.`);
  }
}

export class CollectionExistsError extends Error {
  override readonly name = "CollectionExistsError";
  constructor(name: string) {
    super(`A collection named "${name}" already exists. Choose another name.`);
  }
}

export class DocumentNotFoundError extends Error {
  override readonly name = "DocumentNotFoundError";
  constructor(id: string) {
    super(`Document ${id.slice(0, 12)}… is not in the library. Re-import the file.`);
  }
}

export class PageNotFoundError extends Error {
  override readonly name = "PageNotFoundError";
  constructor(id: string, page: number, pageCount: number) {
    super(
      `Page ${page} does not exist in document ${id.slice(0, 12)}… (it has ${pageCount} pages). Choose a page from 1 to ${pageCount}.`,
    );
  }
}

export class VectorDimensionError extends Error {
  override readonly name = "VectorDimensionError";
  constructor(expected: number, got: number) {
    super(
      `Vector has ${got} dimensions but the stored vectors have ${expected}. Re-embed with one model at a time.`,
    );
  }
}
