/** One stored page's text, for citations and the viewer (never re-parsed from the file). */
import type { Table } from "@lancedb/lancedb";
import type { PageText } from "../../../shared/types";
import type { DocumentCatalog } from "./DocumentCatalog";
import { DocumentNotFoundError, PageNotFoundError } from "./errors";
import { rowsOf, str } from "./rows";
import { eq } from "./where";

export async function readPageText(
  pages: Table,
  catalog: DocumentCatalog,
  documentId: string,
  page: number,
): Promise<PageText> {
  const doc = catalog.get(documentId);
  if (doc === undefined || doc.status !== "ready") throw new DocumentNotFoundError(documentId);
  const rows = await rowsOf(
    pages
      .query()
      .where(`${eq("doc_id", documentId)} AND ${eq("page", page)}`)
      .limit(1),
  );
  const row = rows[0];
  if (row === undefined) throw new PageNotFoundError(documentId, page, doc.pages);
  const label = row.label === null || row.label === undefined ? null : str(row.label);
  return {
    documentId,
    page,
    pageCount: doc.pages,
    pageLabel: label,
    text: str(row.text),
    format: doc.format,
  };
}
