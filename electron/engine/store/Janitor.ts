/**
 * Makes deletion real and finishes what a killed process left. Deleting a document removes its
 * rows, rewrites the text-bearing tables without them, rebuilds the indexes and prunes every old
 * version, so its text no longer exists anywhere under the data folder. At open it rolls back
 * uncommitted writes, finishes interrupted deletions and drops leftovers of replaced versions.
 */
import type { Table } from "@lancedb/lancedb";
import type { ChunkIndexes } from "./ChunkIndexes";
import type { DocumentCatalog } from "./DocumentCatalog";
import { purgeOldVersions } from "./searchIndexes";
import type { VectorTable } from "./VectorTable";
import { inList } from "./where";

/** The store's tables other than `meta` and `vectors` (VectorTable owns that one). */
export type StoreTables = Record<"collections" | "documents" | "pages" | "chunks", Table>;

export class Janitor {
  constructor(
    private readonly tables: StoreTables,
    private readonly vectors: VectorTable,
    private readonly catalog: DocumentCatalog,
    private readonly indexes: ChunkIndexes,
  ) {}

  /** Deletes documents for real: rows, chunks, pages, vectors, then every old version on disk. */
  async purge(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    // Marked first, so a kill midway leaves a row that the next open finishes deleting.
    const rows = ids.flatMap((id) => this.catalog.get(id) ?? []);
    await this.catalog.upsert(rows.map((r) => ({ ...r, status: "deleting" as const })));
    await this.dropContent(ids);
    await this.catalog.remove(ids);
    await this.materializeDeletions();
    await this.indexes.rebuild();
    await purgeOldVersions([...Object.values(this.tables), ...this.vectors.tables()]);
  }

  /**
   * Removes the content of replaced versions, whose rows stay as tombstones ("changed"): their
   * text must not linger in the indexes or in old data files either.
   */
  async dropReplaced(ids: string[]): Promise<void> {
    await this.dropContent(ids);
    await this.indexes.rebuild();
    await purgeOldVersions([this.tables.chunks, this.tables.pages, ...this.vectors.tables()]);
  }

  /** Finishes or rolls back what a killed process left: partial writes, half-done deletions. */
  async recover(): Promise<void> {
    const unfinished = this.catalog
      .all()
      .filter((d) => d.status === "writing" || d.status === "deleting");
    if (unfinished.length > 0) await this.purge(unfinished.map((d) => d.id));
    const tombstones = this.catalog
      .all()
      .filter((d) => d.status === "changed")
      .map((d) => d.id);
    if (
      tombstones.length > 0 &&
      (await this.tables.chunks.countRows(inList("doc_id", tombstones))) > 0
    )
      await this.dropReplaced(tombstones);
  }

  /** Removes documents' chunks, pages and vectors (old versions stay until purgeOldVersions). */
  private async dropContent(ids: string[]): Promise<void> {
    const filter = inList("doc_id", ids);
    await this.tables.chunks.delete(filter);
    await this.tables.pages.delete(filter);
    await this.vectors.deleteDocuments(filter);
  }

  /**
   * Rewrites the text-bearing tables without their deleted rows. Lance's compaction only rewrites
   * a data file when enough of it is deleted, so a small document sharing a file with others
   * would otherwise stay on disk (hidden by a deletion vector) after every old version is pruned.
   */
  private async materializeDeletions(): Promise<void> {
    for (const table of [
      this.tables.documents,
      this.tables.collections,
      this.tables.pages,
      this.tables.chunks,
    ]) {
      const remaining = await table.query().toArrow();
      // With no rows left every data file was wholly deleted, and Lance drops such files itself.
      if (remaining.numRows > 0) await table.add(remaining, { mode: "overwrite" });
    }
  }
}
