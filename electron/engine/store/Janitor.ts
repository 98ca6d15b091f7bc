/**
 * Makes deletion real and finishes what a killed process left. Deleting a document removes its
 * rows, rewrites every table that held them (vectors included) without them, rebuilds the indexes
 * and prunes every old version, so its text no longer exists anywhere under the data folder. The
 * work is recorded first (PendingDeletions) and the record cleared last, so a kill at any step
 * leaves a record that the next open finishes. At open it also rolls back uncommitted writes and
 * drops leftovers of replaced versions.
 */
import type { Table } from "@lancedb/lancedb";
import type { ChunkIndexes } from "./ChunkIndexes";
import type { DocumentCatalog } from "./DocumentCatalog";
import type { PendingDeletions } from "./PendingDeletions";
import { purgeOldVersions } from "./searchIndexes";
import type { StoreTables } from "./schema";
import type { VectorTable } from "./VectorTable";
import { inList } from "./where";

/** The steps of a deletion, in order (what a kill test stops at). */
export type PurgeStep =
  "recorded" | "marked" | "dropped" | "removed" | "rewritten" | "indexed" | "pruned";

export interface JanitorHooks {
  /**
   * Called after each step of a deletion, before the next; tests use it to kill the process
   * there. Default: none.
   */
  onPurgeStep?: (step: PurgeStep) => void;
}

export class Janitor {
  constructor(
    private readonly tables: StoreTables,
    private readonly vectors: VectorTable,
    private readonly catalog: DocumentCatalog,
    private readonly indexes: ChunkIndexes,
    private readonly pending: PendingDeletions,
    private readonly hooks: JanitorHooks = {},
  ) {}

  /** Deletes documents for real: rows, chunks, pages, vectors, then every old version on disk. */
  async purge(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.pending.add({ documents: ids });
    this.reached("recorded");
    // Marked, so searches and listings stop showing them at once.
    const rows = ids.flatMap((id) => this.catalog.get(id) ?? []);
    await this.catalog.upsert(rows.map((r) => ({ ...r, status: "deleting" as const })));
    this.reached("marked");
    await this.dropContent(ids);
    this.reached("dropped");
    await this.catalog.remove(ids);
    this.reached("removed");
    await this.materializeDeletions([...Object.values(this.tables), ...this.vectors.tables()]);
    this.reached("rewritten");
    await this.indexes.rebuild();
    this.reached("indexed");
    await purgeOldVersions([...Object.values(this.tables), ...this.vectors.tables()]);
    this.reached("pruned");
    await this.pending.done({ documents: ids });
  }

  /**
   * Removes the content of replaced versions, whose rows stay as tombstones ("changed"): their
   * text must not linger in the tables, the indexes or old data files either.
   */
  async dropReplaced(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.pending.add({ replaced: ids });
    const contentTables = [this.tables.chunks, this.tables.pages, ...this.vectors.tables()];
    await this.dropContent(ids);
    await this.materializeDeletions(contentTables);
    await this.indexes.rebuild();
    await purgeOldVersions(contentTables);
    await this.pending.done({ replaced: ids });
  }

  /** Finishes or rolls back what a killed process left: partial writes, half-done deletions. */
  async recover(): Promise<void> {
    const pending = this.pending.current;
    const unfinished = this.catalog
      .all()
      .filter((d) => d.status === "writing" || d.status === "deleting")
      .map((d) => d.id);
    await this.purge([...new Set([...pending.documents, ...unfinished])]);
    const tombstones = this.catalog
      .all()
      .filter((d) => d.status === "changed")
      .map((d) => d.id);
    const leftovers =
      tombstones.length > 0 &&
      (await this.tables.chunks.countRows(inList("doc_id", tombstones))) > 0
        ? tombstones
        : [];
    await this.dropReplaced([...new Set([...pending.replaced, ...leftovers])]);
  }

  /** Removes documents' chunks, pages and vectors (old versions stay until purgeOldVersions). */
  private async dropContent(ids: string[]): Promise<void> {
    const filter = inList("doc_id", ids);
    await this.tables.chunks.delete(filter);
    await this.tables.pages.delete(filter);
    await this.vectors.deleteDocuments(filter);
  }

  /**
   * Rewrites tables without their deleted rows. Lance's compaction only rewrites a data file when
   * enough of it is deleted, so a small document sharing a file with others would otherwise stay
   * on disk (hidden by a deletion vector) after every old version is pruned. Vectors too: an
   * embedding is a lossy copy of its passage's text, which inversion attacks partly recover.
   */
  private async materializeDeletions(tables: Table[]): Promise<void> {
    for (const table of tables) {
      const remaining = await table.query().toArrow();
      // With no rows left every data file was wholly deleted, and Lance drops such files itself.
      if (remaining.numRows > 0) await table.add(remaining, { mode: "overwrite" });
    }
  }

  private reached(step: PurgeStep): void {
    this.hooks.onPurgeStep?.(step);
  }
}
