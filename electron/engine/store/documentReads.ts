/**
 * Reads of one document in page or reading order, for questions that name a page, a section or
 * the whole document (engine/retrieve resolves those references; these only read).
 */
import type { Table } from "@lancedb/lancedb";
import type { Passage } from "../../../shared/types";
import type { DocumentCatalog } from "./DocumentCatalog";
import { PASSAGE_COLUMNS, rowsOf, strOrNull } from "./rows";
import type { PassageSelection } from "./types";
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

/** The document's selected passages in reading order, scored 0. */
export async function readDocumentPassages(
  chunks: Table,
  catalog: DocumentCatalog,
  documentId: string,
  selection: PassageSelection = {},
): Promise<Passage[]> {
  const doc = catalog.get(documentId);
  if (doc === undefined || doc.status !== "ready" || doc.chunks === 0) return [];
  const filters = [eq("doc_id", documentId)];
  if (selection.pages !== undefined) filters.push(inList("page", selection.pages));
  if (selection.indexes !== undefined) filters.push(inList("chunk_index", selection.indexes));
  const columns = PASSAGE_COLUMNS.filter((c) => c !== "text" || selection.withoutText !== true);
  const rows = await rowsOf(
    chunks
      .query()
      .where(and(...filters))
      .select([...columns, "chunk_index"]),
  );
  rows.sort((a, b) => Number(a.chunk_index) - Number(b.chunk_index));
  return catalog.passages(rows, () => 0);
}
