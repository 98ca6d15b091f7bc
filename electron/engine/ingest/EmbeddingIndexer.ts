/**
 * Keeps the stored passages' vectors up to date with the selected embedding model: the one place
 * that embeds them, whoever asks (an import after each document, a model switch, the engine at
 * open). One pass at a time, so that two passes never embed the same passages; a request while a
 * pass runs is served by one more pass after it, shared by every request made meanwhile. close()
 * aborts the pass in flight (its embedding call, and between batches), so quitting never waits
 * for a whole re-embed: what was stored stays, the next pass embeds the rest.
 */
import type { Embedder } from "../llm/types";
import type { VectorStore } from "../store/types";
import { SerialQueue } from "../support/serialQueue";
import { ImportEmbedding, passageText, type ImportEmbeddingOptions } from "./ImportEmbedding";

export interface EmbeddingIndexerOptions {
  /** The embedder to index with, looked up at the start of each pass; null: nothing to embed. Required. */
  embedder: () => Promise<Embedder | null>;
  /** Told after each stored batch: passages embedded in this pass, and the total as far as known. Default: none. */
  onProgress?: (done: number, total: number) => void;
  /** Told when a pass fails; the requests it served reject with the same error. Default: none. */
  onError?: (error: unknown) => void;
  /** Passages per embedding call (and per vector write of a pass). Default: 64 (not yet tuned by measurement). */
  batchSize?: number;
}

export class EmbeddingIndexer {
  readonly #abort = new AbortController();
  /** The pass in flight, if any. */
  #running: Promise<void> | null = null;
  /** The one pass queued behind it, shared by every request made while it waits. */
  #queued: Promise<void> | null = null;
  /** Passages truncated to fit the model's context, by every pass so far. */
  #truncated = 0;
  /** One embedding call at a time, whether from a pass or an import's ImportEmbedding. */
  readonly #embedding = new SerialQueue();
  /** Chunks an import is embedding ahead of its commit: passes leave them to it. */
  readonly #claimed = new Set<string>();

  constructor(
    private readonly store: VectorStore,
    private readonly options: EmbeddingIndexerOptions,
  ) {}

  /**
   * Embeds every passage stored before this call that has no vector from the selected model.
   * Resolves to how many passages were truncated to fit the model's context while this request
   * was served; rejects when the pass that serves it fails. After close(), resolves at once.
   */
  async index(): Promise<number> {
    const before = this.#truncated;
    await this.#serve();
    return this.#truncated - before;
  }

  /**
   * Embeds an import's passages as they are produced, before their document commits (see
   * ImportEmbedding); passes skip the passages it holds. Stops with `signal` or close().
   */
  importEmbedding(
    options: Pick<ImportEmbeddingOptions, "signal" | "onEmbedded"> = {},
  ): ImportEmbedding {
    const signal =
      options.signal === undefined
        ? this.#abort.signal
        : AbortSignal.any([this.#abort.signal, options.signal]);
    return new ImportEmbedding(this.store, {
      ...options,
      signal,
      embedder: this.options.embedder,
      batchSize: this.options.batchSize ?? 64,
      claimed: this.#claimed,
      embed: (embedder, texts) => this.#embedding.run(() => embedder.embed(texts, signal)),
    });
  }

  /** Aborts the pass in flight and drops the queued one; resolves once they have stopped. */
  async close(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled([this.#running, this.#queued]);
  }

  /** The pass that serves a request made now: a new one, or the one queued behind the running one. */
  #serve(): Promise<void> {
    if (this.#abort.signal.aborted) return Promise.resolve();
    if (this.#queued !== null) return this.#queued;
    if (this.#running === null) return this.#start();
    // The running pass may have listed the pending passages before this request's passages were
    // stored, so it cannot serve it: one more pass follows.
    const next = (): Promise<void> => {
      this.#queued = null;
      return this.#start();
    };
    this.#queued = this.#running.then(next, next);
    return this.#queued;
  }

  #start(): Promise<void> {
    const pass = this.#pass();
    this.#running = pass;
    const settled = (): void => {
      if (this.#running === pass) this.#running = null;
    };
    pass.then(settled, settled);
    return pass;
  }

  async #pass(): Promise<void> {
    const signal = this.#abort.signal;
    const batchSize = this.options.batchSize ?? 64;
    let done = 0;
    try {
      const embedder = signal.aborted ? null : await this.options.embedder();
      if (embedder === null) return;
      // One read of the library for the whole pass (a re-embed after a model change included).
      for await (const listed of this.store.chunksToEmbed(embedder.modelId, batchSize)) {
        if (signal.aborted) break;
        const pending = listed.filter((c) => !this.#claimed.has(c.chunkId));
        if (pending.length === 0) continue;
        const result = await this.#embedding.run(() =>
          embedder.embed(pending.map(passageText), signal),
        );
        const rows = pending.flatMap((c, i) => {
          const vector = result.vectors[i];
          return vector === undefined ? [] : [{ chunkId: c.chunkId, vector }];
        });
        if (rows.length > 0)
          await this.store.upsertVectors(embedder.modelId, rows, { fresh: true });
        this.#truncated += result.truncated;
        done += pending.length;
        this.options.onProgress?.(done, done + (listed.length === batchSize ? batchSize : 0));
      }
    } catch (error) {
      // Closed mid-batch: that batch is not stored, and the next pass (after the next open) embeds it.
      if (signal.aborted) return;
      this.options.onError?.(error);
      throw error;
    }
  }
}
