/**
 * Writes one document with the store's commit protocol: its row goes in first saying "writing",
 * pages and chunks are appended in batches, and rewriting the row as "ready" commits it (and, for
 * a changed file, retires the replaced version in the same merge). Searches read only chunks of
 * ready documents, so until the commit they see the previous state; a failure purges the partial
 * write, and a kill leaves a "writing" row that the next open rolls back (Janitor.recover).
 */
import type { Table } from "@lancedb/lancedb";
import type { ChunkIndexes } from "./ChunkIndexes";
import type { Collections } from "./Collections";
import type { DocumentCatalog } from "./DocumentCatalog";
import type { Janitor } from "./Janitor";
import { toChunkRow, type DocumentRow } from "./rows";
import type { DocumentWrite } from "./types";

/** Rows buffered before one Lance add() (one commit) during a document write. */
const WRITE_BATCH_CHUNKS = 512;
const WRITE_BATCH_PAGES = 256;

export class DocumentWriter {
  constructor(
    private readonly pages: Table,
    private readonly chunks: Table,
    private readonly catalog: DocumentCatalog,
    private readonly collections: Collections,
    private readonly janitor: Janitor,
    private readonly indexes: ChunkIndexes,
  ) {}

  /** Called inside the store's WriteQueue. Bytes already in the library only gain the collection. */
  async write(write: DocumentWrite): Promise<void> {
    const { doc } = write;
    const existing = this.catalog.get(doc.id);
    if (existing?.status === "ready") return this.collections.addMember(doc.id, doc.collection);
    // A row of these bytes that is not ready (a replaced version's tombstone) goes first.
    if (existing !== undefined) await this.janitor.purge([doc.id]);
    await this.collections.ensure(doc.collection);

    const row: DocumentRow = {
      id: doc.id,
      title: doc.title,
      file: doc.file,
      path: doc.path,
      format: doc.format,
      bytes: doc.bytes,
      pages: write.pageCount,
      chunks: 0,
      language: doc.language,
      status: "writing",
      imported_at: new Date().toISOString(),
      collections: [doc.collection],
      error: null,
      replaced_by: null,
      parent_id: doc.parent ?? null,
    };
    await this.catalog.upsert([row]);
    let chunks: number;
    try {
      chunks = await this.append(write);
    } catch (error) {
      await this.janitor.purge([doc.id]);
      throw error;
    }

    const old = write.replaces === undefined ? undefined : this.catalog.get(write.replaces);
    const replaced =
      old !== undefined && old.id !== doc.id && old.status === "ready" ? old : undefined;
    const collections = [...new Set([...(replaced?.collections ?? []), doc.collection])];
    const commit: DocumentRow[] = [{ ...row, chunks, status: "ready", collections }];
    if (replaced !== undefined)
      commit.push({ ...replaced, status: "changed", replaced_by: doc.id, collections: [] });
    await this.catalog.upsert(commit);
    if (replaced !== undefined) await this.janitor.dropReplaced([replaced.id]);
    else await this.indexes.added();
  }

  /** Appends the document's pages and chunks; returns how many chunks. */
  private async append(write: DocumentWrite): Promise<number> {
    const id = write.doc.id;
    let chunks = 0;
    const labels = new Map<number, string | null>();
    // Lance commits a version per add(): batching pages and chunks keeps a 2,500-page manual
    // from turning into thousands of tiny fragments and commits.
    let pageRows: Record<string, unknown>[] = [];
    let chunkRows: Record<string, unknown>[] = [];
    const flush = async (): Promise<void> => {
      if (pageRows.length > 0) await this.pages.add(pageRows);
      if (chunkRows.length > 0) await this.chunks.add(chunkRows);
      pageRows = [];
      chunkRows = [];
    };
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
    await flush();
    return chunks;
  }
}
