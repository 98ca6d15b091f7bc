/** Conversions between the store's table rows and the engine's domain types. */
import type { DocumentFormat, DocumentInfo, DocumentStatus, Passage } from "../../../shared/types";
import type { ChunkDraft, NewDocument } from "./types";
import { codeTerms } from "../../../shared/text";

/**
 * Row status: the public DocumentStatus plus two store-internal states. "writing": chunks are
 * being appended and nothing is searchable yet. "deleting": a real deletion was started. Both
 * are finished or rolled back on the next open.
 */
export type RowStatus = DocumentStatus | "writing" | "deleting";

/** A `documents` table row: the imported file's facts plus the store's bookkeeping. */
export interface DocumentRow extends Omit<NewDocument, "collection"> {
  pages: number;
  chunks: number;
  status: RowStatus;
  imported_at: string;
  collections: string[];
  error: string | null;
  replaced_by: string | null;
  parent_id: string | null;
}

/** A type alias (not an interface) so rows pass as LanceDB's Record<string, unknown>. */
export type ChunkRow = {
  id: string;
  doc_id: string;
  chunk_index: number;
  page: number;
  page_end: number;
  page_label: string | null;
  char_start: number;
  char_end: number;
  heading: string;
  text: string;
  head: string;
  codes: string;
};

export const HEADING_SEPARATOR = " › ";

export const chunkId = (documentId: string, index: number): string => `${documentId}:${index}`;
export const documentIdOfChunk = (id: string): string => id.slice(0, id.indexOf(":"));

/** Lance returns list columns as Arrow vectors; plain arrays when built in JS. */
function stringList(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "object" && Symbol.iterator in value)
    return [...(value as Iterable<unknown>)].map(String);
  return [];
}

/** A row as LanceDB returns it (its own type is `any`). */
export type Row = Record<string, unknown>;

/** Runs a LanceDB query and types its rows as unknown values to be read with str/strOrNull/Number. */
export async function rowsOf(query: { toArray(): Promise<unknown[]> }): Promise<Row[]> {
  return (await query.toArray()) as Row[];
}

export function str(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  return v === null || v === undefined ? "" : JSON.stringify(v);
}
export const strOrNull = (v: unknown): string | null =>
  v === null || v === undefined ? null : str(v);

export function toDocumentRow(raw: Record<string, unknown>): DocumentRow {
  return {
    id: str(raw.id),
    title: str(raw.title),
    file: str(raw.file),
    path: str(raw.path),
    format: str(raw.format) as DocumentFormat,
    bytes: Number(raw.bytes),
    pages: Number(raw.pages),
    chunks: Number(raw.chunks),
    language: str(raw.language),
    status: str(raw.status) as RowStatus,
    imported_at: str(raw.imported_at),
    collections: stringList(raw.collections),
    error: strOrNull(raw.error),
    replaced_by: strOrNull(raw.replaced_by),
    parent_id: strOrNull(raw.parent_id),
  };
}

export function toDocumentInfo(row: DocumentRow): DocumentInfo {
  // Rows being written or deleted are never shown (the catalog hides them); only a finished
  // document or the tombstone of a replaced one reaches a caller.
  const status: DocumentStatus = row.status === "ready" ? "ready" : "changed";
  const info: DocumentInfo = {
    id: row.id,
    title: row.title,
    file: row.file,
    path: row.path,
    format: row.format,
    pages: row.pages,
    chunks: row.chunks,
    bytes: row.bytes,
    collections: [...row.collections],
    status,
    importedAt: row.imported_at,
    language: row.language,
  };
  if (row.replaced_by !== null) info.replacedBy = row.replaced_by;
  if (row.parent_id !== null) info.parentId = row.parent_id;
  return info;
}

export function toChunkRow(
  documentId: string,
  title: string,
  draft: ChunkDraft,
  pageLabel: string | null,
): ChunkRow {
  const heading = draft.headingPath.join(HEADING_SEPARATOR);
  return {
    id: chunkId(documentId, draft.index),
    doc_id: documentId,
    chunk_index: draft.index,
    page: draft.page,
    page_end: draft.pageEnd,
    page_label: pageLabel,
    char_start: draft.charStart,
    char_end: draft.charEnd,
    heading,
    text: draft.text,
    head: heading === "" ? title : `${title}\n${draft.headingPath.join("\n")}`,
    codes: chunkCodes(heading, draft.text),
  };
}

/**
 * The `codes` search field of a chunk: the code-like terms of its heading path and text, kept
 * whole. Derived by the analyser at index time, so store/reanalyse.ts recomputes it with this
 * same function when ANALYSER_VERSION changes.
 */
export function chunkCodes(heading: string, text: string): string {
  return codeTerms(`${heading}\n${text}`).join(" ");
}

/** Columns a search reads back (the search fields `head` and `codes` stay behind). */
export const PASSAGE_COLUMNS = [
  "id",
  "doc_id",
  "page",
  "page_end",
  "page_label",
  "char_start",
  "char_end",
  "heading",
  "text",
];

/** `parent`: the document an attachment came in, when it is one. */
export function toPassage(
  raw: Record<string, unknown>,
  doc: DocumentRow,
  score: number,
  parent?: DocumentRow,
): Passage {
  const passage: Passage = {
    chunkId: str(raw.id),
    documentId: doc.id,
    file: doc.file,
    path: doc.path,
    title: doc.title,
    page: Number(raw.page),
    pageEnd: Number(raw.page_end),
    pageLabel: strOrNull(raw.page_label),
    heading: str(raw.heading),
    text: str(raw.text),
    score,
    charStart: Number(raw.char_start),
    charEnd: Number(raw.char_end),
  };
  if (parent !== undefined)
    passage.attachmentOf = { documentId: parent.id, title: parent.title, file: parent.file };
  return passage;
}
