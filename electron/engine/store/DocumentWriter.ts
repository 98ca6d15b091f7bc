/**
 * Writes documents with the store's commit protocol: its row goes in first saying "writing",
 * pages and chunks are appended in batches, and rewriting the row as "ready" commits it (and, for
 * a changed file, retires the replaced version in the same merge). Searches read only chunks of
 * ready documents, so until the commit they see the previous state; a failure purges the partial
 * write, and a kill leaves a "writing" row that the next open rolls back (Janitor.recover).
 */
import { basename } from "node:path";
import type { Table } from "@lancedb/lancedb";
import type { ChunkIndexes } from "./ChunkIndexes";
import type { Collections } from "./Collections";
import type { DocumentCatalog } from "./DocumentCatalog";
import { DocumentNotFoundError } from "./errors";
import type { Janitor } from "./Janitor";
import type { StoreTables } from "./schema";
import { toChunkRow, type DocumentRow } from "./rows";
import type { DocumentWrite } from "./types";

/** Rows buffered before one Lance add() (one commit) during a document write. */
const WRITE_BATCH_CHUNKS = 512;
const WRITE_BATCH_PAGES = 256;

export class DocumentWriter {
  constructor(
    private readonly tables: Pick<StoreTables, "pages" | "chunks">,
    private readonly catalog: DocumentCatalog,
    private readonly collections: Collections,
    private readonly janitor: Janitor,
    private readonly indexes: ChunkIndexes,
  ) {}

  /** Read at each use: the store may reconnect and replace its handles (LanceStore.reconnect). */
  private get pages(): Table {
    return this.tables.pages;
  }

  private get chunks(): Table {
    return this.tables.chunks;
  }

  /** Called inside the store's WriteQueue. Bytes already in the library only gain the collection. */
  write(write: DocumentWrite): Promise<void> {
    return this.writeMany([write]);
  }

  /**
   * Writes several documents as one: their rows go in together saying "writing", their pages and
   * chunks share appends, and one merge commits them all. Many small files then cost a handful
   * of Lance commits rather than five each; a failure or a kill rolls back the whole group (the
   * documents committed before it stay), exactly as for one document.
   */
  async writeMany(writes: DocumentWrite[]): Promise<void> {
    const fresh: DocumentWrite[] = [];
    const later: { id: string; collection: string }[] = [];
    for (const w of writes) {
      const { id, collection } = w.doc;
      if (this.catalog.get(id)?.status === "ready" || fresh.some((f) => f.doc.id === id))
        later.push({ id, collection });
      else fresh.push(w);
    }
    if (fresh.length > 0) await this.commitNew(fresh);
    for (const { id, collection } of later) await this.collections.addMember(id, collection);
  }

  /** A renamed or moved file (same bytes): only its row's path and file name change. */
  async movePath(id: string, path: string): Promise<void> {
    const row = this.catalog.get(id);
    if (row === undefined || row.status !== "ready") throw new DocumentNotFoundError(id);
    if (row.path === path) return;
    await this.catalog.upsert([{ ...row, path, file: basename(path) }]);
  }

  private async commitNew(writes: DocumentWrite[]): Promise<void> {
    const ids = writes.map((w) => w.doc.id);
    // A row of these bytes that is not ready (a replaced version's tombstone) goes first.
    await this.janitor.purge(ids.filter((id) => this.catalog.get(id) !== undefined));
    for (const c of new Set(writes.map((w) => w.doc.collection))) await this.collections.ensure(c);

    const rows = writes.map((w): DocumentRow => ({
      id: w.doc.id,
      title: w.doc.title,
      file: w.doc.file,
      path: w.doc.path,
      format: w.doc.format,
      bytes: w.doc.bytes,
      pages: w.pageCount,
      chunks: 0,
      language: w.doc.language,
      status: "writing",
      imported_at: new Date().toISOString(),
      collections: [w.doc.collection],
      error: null,
      replaced_by: null,
      parent_id: w.doc.parent ?? null,
    }));
    await this.catalog.upsert(rows);
    let counts: number[];
    this.indexes.adding(ids);
    try {
      counts = await this.append(writes);
    } catch (error) {
      await this.janitor.purge(ids);
      throw error;
    }

    const commit: DocumentRow[] = [];
    const replacedIds: string[] = [];
    for (const [i, row] of rows.entries()) {
      const w = writes[i] as DocumentWrite;
      const old = w.replaces === undefined ? undefined : this.catalog.get(w.replaces);
      const replaced =
        old !== undefined && !ids.includes(old.id) && old.status === "ready" ? old : undefined;
      const collections = [...new Set([...(replaced?.collections ?? []), w.doc.collection])];
      commit.push({ ...row, chunks: counts[i] ?? 0, status: "ready", collections });
      if (replaced !== undefined && !replacedIds.includes(replaced.id)) {
        commit.push({ ...replaced, status: "changed", replaced_by: row.id, collections: [] });
        replacedIds.push(replaced.id);
      }
    }
    await this.catalog.upsert(commit);
    if (replacedIds.length > 0) await this.janitor.dropReplaced(replacedIds);
    else await this.indexes.added();
  }

  /** Appends the documents' pages and chunks, sharing adds; returns each one's chunk count. */
  private async append(writes: DocumentWrite[]): Promise<number[]> {
    // Lance commits a version per add(): batching pages and chunks keeps a 2,500-page manual
    // (or 500 one-paragraph notes) from turning into thousands of tiny fragments and commits.
    let pageRows: Record<string, unknown>[] = [];
    let chunkRows: Record<string, unknown>[] = [];
    const flush = async (): Promise<void> => {
      if (pageRows.length > 0) await this.pages.add(pageRows);
      if (chunkRows.length > 0) await this.chunks.add(chunkRows);
      pageRows = [];
      chunkRows = [];
    };
    const counts: number[] = [];
    for (const write of writes) {
      const id = write.doc.id;
      let chunks = 0;
      const labels = new Map<number, string | null>();
      for await (const batch of write.chunks) {
        for (const p of batch.pages) {
          labels.set(p.page, p.label);
          pageRows.push({ doc_id: id, ...p });
        }
        for (const c of batch.chunks)
          chunkRows.push(toChunkRow(id, write.doc.title, c, labels.get(c.page) ?? null));
        chunks += batch.chunks.length;
        if (chunkRows.length >= WRITE_BATCH_CHUNKS || pageRows.length >= WRITE_BATCH_PAGES)
          await flush();
      }
      counts.push(chunks);
    }
    await flush();
    return counts;
  }
}
