import { describe, expect, it } from "vitest";
import type { Passage } from "../../../shared/types";
import { EmbeddingIndexer } from "../../../electron/engine/ingest/EmbeddingIndexer";
import type { ChunkToEmbed, VectorRow, VectorStore } from "../../../electron/engine/store/types";
import { FakeEmbedder } from "../../fixtures/FakeEmbedder";

/** Passages and their vectors in memory, one model's vectors at a time, as the real store keeps them. */
class MemoryVectors implements VectorStore {
  readonly chunks: ChunkToEmbed[] = [];
  readonly vectors = new Map<string, string>();
  upserts = 0;
  listings = 0;

  add(count: number, text = "valve seal"): void {
    const start = this.chunks.length;
    for (let i = start; i < start + count; i++)
      this.chunks.push({
        chunkId: `c${i}`,
        documentId: "d",
        title: "Manual",
        heading: "",
        text: `${text} ${i}`,
      });
  }

  upsertVectors(modelId: string, rows: VectorRow[]): Promise<void> {
    this.upserts++;
    for (const [id, model] of this.vectors) if (model !== modelId) this.vectors.delete(id);
    for (const r of rows) this.vectors.set(r.chunkId, modelId);
    return Promise.resolve();
  }

  chunksWithoutVectors(modelId: string, limit: number): Promise<ChunkToEmbed[]> {
    return Promise.resolve(
      this.chunks.filter((c) => this.vectors.get(c.chunkId) !== modelId).slice(0, limit),
    );
  }

  /** Lists what lacks a vector once, at the first batch, as the real store does. */
  async *chunksToEmbed(modelId: string, batchSize: number): AsyncGenerator<ChunkToEmbed[]> {
    this.listings++;
    const todo = this.chunks.filter((c) => this.vectors.get(c.chunkId) !== modelId);
    for (let i = 0; i < todo.length; i += batchSize) {
      await Promise.resolve();
      yield todo.slice(i, i + batchSize);
    }
  }

  searchVector(): Promise<Passage[]> {
    return Promise.resolve([]);
  }

  embeddedBy(modelId: string): number {
    return [...this.vectors.values()].filter((m) => m === modelId).length;
  }
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((r) => setTimeout(r, 2));
};

describe("EmbeddingIndexer", () => {
  it("embeds every passage without a vector from the selected model, in batches, reporting progress after each", async () => {
    const store = new MemoryVectors();
    store.add(5);
    const embedder = new FakeEmbedder();
    const progress: number[] = [];
    const indexer = new EmbeddingIndexer(store, {
      embedder: () => Promise.resolve(embedder),
      batchSize: 2,
      onProgress: (done) => progress.push(done),
    });
    await indexer.index();
    expect(store.embeddedBy(embedder.modelId)).toBe(5);
    expect(embedder.calls.map((c) => c.length)).toEqual([2, 2, 1]);
    expect(progress).toEqual([2, 4, 5]);
  });

  it("counts the passages the model truncated, and embeds each with its title", async () => {
    const store = new MemoryVectors();
    store.add(1, "short");
    store.add(1, "a much longer passage that does not fit");
    const embedder = new FakeEmbedder({ maxChars: 20 });
    const indexer = new EmbeddingIndexer(store, { embedder: () => Promise.resolve(embedder) });
    expect(await indexer.index()).toBe(1);
    expect(embedder.calls[0]?.[0]).toBe("Manual\nshort 0");
  });

  it("runs one pass at a time: requests made during a pass share one more pass, which sees passages stored meanwhile", async () => {
    const store = new MemoryVectors();
    store.add(4);
    const embedder = new FakeEmbedder({ delayMs: 20 });
    let passes = 0;
    const indexer = new EmbeddingIndexer(store, {
      embedder: () => Promise.resolve((passes++, embedder)),
      batchSize: 2,
    });
    const first = indexer.index();
    await until(() => embedder.calls.length > 0);
    store.add(3);
    await Promise.all([first, indexer.index(), indexer.index()]);
    expect(passes).toBe(2);
    expect(embedder.maxConcurrent).toBe(1);
    expect(store.embeddedBy(embedder.modelId)).toBe(7);
    // Each passage embedded once: the queued pass found only what the first one had not done.
    expect(embedder.calls.flat()).toHaveLength(7);
  });

  it("looks the embedder up per pass, so a model switch re-embeds with the new model", async () => {
    const store = new MemoryVectors();
    store.add(3);
    let embedder = new FakeEmbedder({ modelId: "a" });
    const indexer = new EmbeddingIndexer(store, { embedder: () => Promise.resolve(embedder) });
    await indexer.index();
    embedder = new FakeEmbedder({ modelId: "b" });
    await indexer.index();
    expect([store.embeddedBy("a"), store.embeddedBy("b")]).toEqual([0, 3]);
  });

  it("counts for each request the truncations made while it was served, by the running pass and the one after it", async () => {
    const store = new MemoryVectors();
    store.add(2, "a passage far too long for the model");
    const embedder = new FakeEmbedder({ delayMs: 20, maxChars: 20 });
    const indexer = new EmbeddingIndexer(store, {
      embedder: () => Promise.resolve(embedder),
      batchSize: 1,
    });
    const first = indexer.index();
    await until(() => store.upserts > 0);
    store.add(1, "another passage far too long");
    const second = indexer.index();
    // A pass lists what to embed once, at its start: the passage added meanwhile is the next pass's.
    expect(await first).toBe(2);
    expect(await second).toBe(2);
  });

  it("does nothing without an embedding model", async () => {
    const store = new MemoryVectors();
    store.add(3);
    const indexer = new EmbeddingIndexer(store, { embedder: () => Promise.resolve(null) });
    expect(await indexer.index()).toBe(0);
    expect(store.upserts).toBe(0);
  });

  it("close() aborts the embedding call in flight, stores nothing more, and later requests do nothing", async () => {
    const store = new MemoryVectors();
    store.add(6);
    const embedder = new FakeEmbedder({ delayMs: 60_000 });
    const indexer = new EmbeddingIndexer(store, {
      embedder: () => Promise.resolve(embedder),
      batchSize: 2,
    });
    const pass = indexer.index();
    const queued = indexer.index();
    await until(() => embedder.calls.length > 0);
    const started = performance.now();
    await indexer.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(embedder.signals[0]?.aborted).toBe(true);
    await expect(pass).resolves.toBe(0);
    await expect(queued).resolves.toBe(0);
    expect(await indexer.index()).toBe(0);
    expect(store.upserts).toBe(0);
    expect(embedder.calls).toHaveLength(1);
  });

  it("a failing pass rejects the requests it served and is reported; the next request starts a new pass", async () => {
    const store = new MemoryVectors();
    store.add(2);
    const failure = new Error("the model file is gone");
    let embedder = new FakeEmbedder({ failWith: failure });
    const errors: unknown[] = [];
    const indexer = new EmbeddingIndexer(store, {
      embedder: () => Promise.resolve(embedder),
      onError: (e) => errors.push(e),
    });
    await expect(indexer.index()).rejects.toBe(failure);
    expect(errors).toEqual([failure]);
    embedder = new FakeEmbedder();
    await indexer.index();
    expect(store.embeddedBy(embedder.modelId)).toBe(2);
  });
});
