/**
 * The document catalog: every row of the `documents` table, also held in memory. A library holds
 * thousands of documents, not millions, so status checks, listings and search scopes cost no
 * query. A row reaches the table before the map, so the map never shows what is not on disk.
 */
import type { Table } from "@lancedb/lancedb";
import type { StoreTables } from "./schema";
import type { DocumentInfo, Passage } from "../../../shared/types";
import { rowsOf, str, toDocumentInfo, toDocumentRow, toPassage, type DocumentRow } from "./rows";
import type { SearchScope } from "./types";
import { inList } from "./where";

export class DocumentCatalog {
  private readonly rows = new Map<string, DocumentRow>();
  private changes = 0;

  private constructor(private readonly tables: Pick<StoreTables, "documents">) {}

  /** Read at each use: the store may reconnect and replace its handles (LanceStore.reconnect). */
  private get table(): Table {
    return this.tables.documents;
  }

  /** Reads every row, whatever its status: recovery decides what to do with unfinished ones. */
  static async load(tables: Pick<StoreTables, "documents">): Promise<DocumentCatalog> {
    const catalog = new DocumentCatalog(tables);
    for (const raw of await rowsOf(tables.documents.query())) {
      const row = toDocumentRow(raw);
      catalog.rows.set(row.id, row);
    }
    return catalog;
  }

  /** Bumped on every change, so caches derived from the catalog know when they are stale. */
  get version(): number {
    return this.changes;
  }

  /** The row in any status ("writing", "deleting" and "changed" included). */
  get(id: string): DocumentRow | undefined {
    return this.rows.get(id);
  }

  all(): DocumentRow[] {
    return [...this.rows.values()];
  }

  /** Committed documents: the only ones whose passages a search may return. */
  ready(): DocumentRow[] {
    return this.all().filter((d) => d.status === "ready");
  }

  /** The ready documents in any of the scope's collections (and among its documents, if it names any). */
  inScope(scope: SearchScope): DocumentRow[] {
    const wanted = new Set(scope.collections);
    const inCollections = (d: DocumentRow): boolean => d.collections.some((c) => wanted.has(c));
    const named = scope.documents ?? [];
    if (named.length > 0)
      return [...new Set(named)].flatMap((id) => {
        const d = this.rows.get(id);
        return d !== undefined && d.status === "ready" && inCollections(d) ? [d] : [];
      });
    return this.ready().filter(inCollections);
  }

  /** Documents in or naming this collection, in any status (membership changes carry them all). */
  members(collection: string): DocumentRow[] {
    return this.all().filter((d) => d.collections.includes(collection));
  }

  /** What callers may see of a document: none while it is being written or deleted. */
  info(id: string): DocumentInfo | null {
    const row = this.rows.get(id);
    return row === undefined || row.status === "writing" || row.status === "deleting"
      ? null
      : toDocumentInfo(row);
  }

  /** Ready documents imported from this path, in any collection. */
  byPath(path: string): DocumentInfo[] {
    return this.ready()
      .filter((d) => d.path === path)
      .map(toDocumentInfo);
  }

  /** Ready documents that came in this one (its e-mail attachments). */
  children(id: string): DocumentInfo[] {
    return this.ready()
      .filter((d) => d.parent_id === id)
      .map(toDocumentInfo);
  }

  /** Ready documents of one collection, by title. */
  inCollection(collection: string): DocumentInfo[] {
    return this.ready()
      .filter((d) => d.collections.includes(collection))
      .sort((a, b) => a.title.localeCompare(b.title))
      .map(toDocumentInfo);
  }

  /** Adds or replaces rows; the row in `documents` is a document's commit point. */
  async upsert(rows: DocumentRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.table
      .mergeInsert("id")
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(rows.map(toRecord));
    for (const r of rows) this.rows.set(r.id, r);
    this.changes++;
  }

  /** Deletes rows (their content is the janitor's job, done before this). */
  async remove(ids: string[]): Promise<void> {
    await this.table.delete(inList("id", ids));
    for (const id of ids) this.rows.delete(id);
    this.changes++;
  }

  /**
   * The filter that keeps a search inside its collections: null when nothing is in scope, ""
   * when the scope holds every document that has chunks (no filter needed, and Lance skips a
   * scan). `writeRunning`: a write is appending chunks of an uncommitted document, so even a
   * scope of every ready document must list them, or those chunks would take places in the limit.
   */
  scopeFilter(scope: SearchScope, writeRunning: boolean): string | null {
    const inScope = this.inScope(scope);
    if (inScope.length === 0) return null;
    const everything = !writeRunning && this.ready().length === inScope.length;
    return everything
      ? ""
      : inList(
          "doc_id",
          inScope.map((d) => d.id),
        );
  }

  /** Chunk rows as passages, in order, leaving out rows of documents not (or no longer) ready. */
  passages(
    rows: Record<string, unknown>[],
    score: (r: Record<string, unknown>) => number,
  ): Passage[] {
    return rows.flatMap((r) => {
      const doc = this.rows.get(str(r.doc_id));
      if (doc === undefined || doc.status !== "ready") return [];
      const parent = doc.parent_id === null ? undefined : this.rows.get(doc.parent_id);
      return [toPassage(r, doc, score(r), parent)];
    });
  }
}

function toRecord(row: DocumentRow): Record<string, unknown> {
  return { ...row };
}
