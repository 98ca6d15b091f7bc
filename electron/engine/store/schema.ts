/**
 * Arrow schemas of the store's tables. Explicit schemas (rather than inferred from the first
 * rows) keep nullable columns nullable and make every change a visible, migrated event.
 */
import type { Table } from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Float64, Int32, List, Schema, Utf8 } from "apache-arrow";

/** Bump with a migration in migrations.ts whenever a table's schema or meaning changes. */
export const SCHEMA_VERSION = 3;

export const TABLES = {
  meta: "meta",
  collections: "collections",
  documents: "documents",
  pages: "pages",
  chunks: "chunks",
  vectors: "vectors",
} as const;

/**
 * The store's open tables other than `meta` and `vectors` (VectorTable owns that one). One
 * record shared by every part, which reads a handle at each use: reconnecting replaces them all.
 */
export type StoreTables = Record<"collections" | "documents" | "pages" | "chunks", Table>;

const utf8 = (name: string, nullable = false): Field => new Field(name, new Utf8(), nullable);
const int32 = (name: string): Field => new Field(name, new Int32(), false);

export const metaSchema = new Schema([utf8("key"), utf8("value")]);

export const collectionsSchema = new Schema([utf8("name"), utf8("created_at")]);

/** Version 1 had no `replaced_by`, version 2 no `parent_id`; see migrations.ts. */
export const documentsSchema = new Schema([
  utf8("id"),
  utf8("title"),
  utf8("file"),
  utf8("path"),
  utf8("format"),
  new Field("bytes", new Float64(), false),
  int32("pages"),
  int32("chunks"),
  utf8("language"),
  /** DocumentStatus plus the store-internal "writing" and "deleting" (see LanceStore). */
  utf8("status"),
  utf8("imported_at"),
  new Field("collections", new List(new Field("item", new Utf8(), true)), false),
  utf8("error", true),
  utf8("replaced_by", true),
  /** For an e-mail attachment: the id of the document it came in. */
  utf8("parent_id", true),
]);

export const pagesSchema = new Schema([
  utf8("doc_id"),
  int32("page"),
  utf8("label", true),
  utf8("text"),
]);

export const chunksSchema = new Schema([
  utf8("id"),
  utf8("doc_id"),
  int32("chunk_index"),
  int32("page"),
  int32("page_end"),
  utf8("page_label", true),
  int32("char_start"),
  int32("char_end"),
  /** Heading path joined with " › ". */
  utf8("heading"),
  utf8("text"),
  /** Search field: document title and heading path, weighted above the body. */
  utf8("head"),
  /** Search field: code-like tokens of the text, kept whole (whitespace-tokenised index). */
  utf8("codes"),
]);

/** Vectors live in their own table: the dimension depends on the embedding model. */
export function vectorsSchema(dimensions: number): Schema {
  return new Schema([
    utf8("chunk_id"),
    utf8("doc_id"),
    utf8("model_id"),
    new Field(
      "vector",
      new FixedSizeList(dimensions, new Field("item", new Float32(), true)),
      false,
    ),
  ]);
}
