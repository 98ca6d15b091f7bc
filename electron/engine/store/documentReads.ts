/**
 * Reads of one document in page or reading order, for questions that name a page, a section or
 * the whole document (engine/retrieve resolves those references; these only read).
 */
import type { Table } from "@lancedb/lancedb";
import type { Passage } from "../../../shared/types";
import type { DocumentCatalog } from "./DocumentCatalog";
import { PASSAGE_COLUMNS, rowsOf, strOrNull } from "./rows";
import { and, eq, inList } from "./where";

/** Printed page labels by physical page (index 0 is page 1); null where the page has none. */
export async function readPageLabels(
  pages: Table,
  catalog: DocumentCatalog,
  documentId: string,
): Promise<(string | null)[]> {
  const doc = catalog.get(documentId);
  if (doc === undefined || doc.status !== "ready") return [];
  const rows = await rowsOf(
    pages.query().where(eq("doc_id", documentId)).select(["page", "label"]),
  );
  const labels: (string | null)[] = Array.from({ length: doc.pages }, () => null);
  for (const r of rows) {
    const page = Number(r.page);
    if (page >= 1 && page <= labels.length) labels[page - 1] = strOrNull(r.label);
  }
  return labels;
}

/**
 * The document's passages that start on one of `pages` (physical), or every passage when
 * `pages` is undefined; in reading order, scored 0.
 */
export async function readDocumentPassages(
  chunks: Table,
  catalog: DocumentCatalog,
  documentId: string,
  pages?: readonly number[],
): Promise<Passage[]> {
  const doc = catalog.get(documentId);
  if (doc === undefined || doc.status !== "ready" || doc.chunks === 0) return [];
  const filter =
    pages === undefined
      ? eq("doc_id", documentId)
      : and(eq("doc_id", documentId), inList("page", pages));
  const rows = await rowsOf(
    chunks
      .query()
      .where(filter)
      .select([...PASSAGE_COLUMNS, "chunk_index"]),
  );
  rows.sort((a, b) => Number(a.chunk_index) - Number(b.chunk_index));
  return catalog.passages(rows, () => 0);
}
