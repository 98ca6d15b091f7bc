/**
 * Vector search over the chunks of ready documents in a scope, and the list of chunks still to
 * embed. The vectors themselves (their table, the ANN index, upserts) are VectorTable's.
 */
import type { Table } from "@lancedb/lancedb";
import type { Passage } from "../../../shared/types";
import type { DocumentCatalog } from "./DocumentCatalog";
import type { StoreTables } from "./schema";
import { PASSAGE_COLUMNS, rowsOf, str } from "./rows";
import type { ChunkToEmbed, SearchScope } from "./types";
import type { VectorTable } from "./VectorTable";
import { eq, inList } from "./where";
import type { WriteQueue } from "./WriteQueue";

export class VectorSearch {
  constructor(
    private readonly tables: Pick<StoreTables, "chunks">,
    private readonly vectors: VectorTable,
    private readonly catalog: DocumentCatalog,
    private readonly writes: WriteQueue,
  ) {}

  /** Read at each use: the store may reconnect and replace its handles (LanceStore.reconnect). */
  private get chunks(): Table {
    return this.tables.chunks;
  }

  /** Nearest chunks by cosine distance; score = 1 - distance. */
  async search(vector: Float32Array, scope: SearchScope, limit: number): Promise<Passage[]> {
    const filter = this.catalog.scopeFilter(scope, this.writes.active);
    if (filter === null) return [];
    const hits = await this.vectors.search(vector, filter, limit);
    if (hits.length === 0) return [];
    const rows = await rowsOf(
      this.chunks
        .query()
        .where(
          inList(
            "id",
            hits.map((h) => h.chunkId),
          ),
        )
        .select(PASSAGE_COLUMNS),
    );
    const byId = new Map(rows.map((r) => [str(r.id), r]));
    const ordered = hits.flatMap((h) => {
      const r = byId.get(h.chunkId);
      return r === undefined ? [] : [{ ...r, _score: 1 - h.distance }];
    });
    return this.catalog.passages(ordered, (r) => Number(r._score));
  }

  /**
   * Chunks of ready documents without a vector from this model, at most `limit`, document by
   * document. Each call re-reads the chunks of every document before the first that still lacks
   * vectors: for a few passages (tests, checks); a whole re-embed uses chunksToEmbed.
   */
  async chunksWithoutVectors(modelId: string, limit: number): Promise<ChunkToEmbed[]> {
    const out: ChunkToEmbed[] = [];
    if (limit <= 0) return out;
    for await (const chunk of this.unembedded(modelId)) {
      out.push(chunk);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** See VectorStore.chunksToEmbed: one read of the vector ids, one read of each document's chunks. */
  async *chunksToEmbed(modelId: string, batchSize: number): AsyncGenerator<ChunkToEmbed[]> {
    let out: ChunkToEmbed[] = [];
    for await (const chunk of this.unembedded(modelId)) {
      out.push(chunk);
      if (out.length === batchSize) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  }

  /**
   * The chunks of ready documents without a vector from this model, document by document, read
   * lazily: a caller that stops early reads no further document.
   */
  private async *unembedded(modelId: string): AsyncGenerator<ChunkToEmbed> {
    const have = await this.vectors.chunkIds(modelId);
    for (const doc of this.catalog.ready()) {
      if (doc.chunks === 0) continue;
      const rows = await rowsOf(
        this.chunks.query().where(eq("doc_id", doc.id)).select(["id", "heading", "text"]),
      );
      for (const r of rows) {
        if (have.has(str(r.id))) continue;
        yield {
          chunkId: str(r.id),
          documentId: doc.id,
          title: doc.title,
          heading: str(r.heading),
          text: str(r.text),
        };
      }
    }
  }
}
