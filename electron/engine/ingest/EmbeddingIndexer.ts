/**
 * Keeps the stored passages' vectors up to date with the selected embedding model: the one place
 * that embeds them, whoever asks (an import after each document, a model switch, the engine at
 * open). One pass at a time, so that two passes never embed the same passages; a request while a
 * pass runs is served by one more pass after it, shared by every request made meanwhile. close()
 * aborts the pass in flight (its embedding call, and between batches), so quitting never waits
 * for a whole re-embed: what was stored stays, the next pass embeds the rest.
 */
import type { Embedder } from "../llm/types";
import type { ChunkToEmbed, VectorStore } from "../store/types";

export interface EmbeddingIndexerOptions {
  /** The embedder to index with, looked up at the start of each pass; null: nothing to embed. Required. */
  embedder: () => Promise<Embedder | null>;
  /** Told after each stored batch: passages embedded in this pass, and the total as far as known. Default: none. */
  onProgress?: (done: number, total: number) => void;
  /** Told when a pass fails; the requests it served reject with the same error. Default: none. */
  onError?: (error: unknown) => void;
  /** Passages per embedding call (and per vector write). Default: 64. */
  batchSize?: number;
}

export class EmbeddingIndexer {
  readonly #abort = new AbortController();
  /** The pass in flight, if any. */
  #running: Promise<number> | null = null;
  /** The one pass queued behind it, shared by every request made while it waits. */
  #queued: Promise<number> | null = null;

  constructor(
    private readonly store: VectorStore,
    private readonly options: EmbeddingIndexerOptions,
  ) {}

  /**
   * Embeds every passage stored before this call that has no vector from the selected model.
   * Resolves to how many passages the pass that served this request truncated to fit the
   * model's context; rejects when that pass fails. After close(), resolves to 0 at once.
   */
  index(): Promise<number> {
    if (this.#abort.signal.aborted) return Promise.resolve(0);
    if (this.#queued !== null) return this.#queued;
    if (this.#running === null) return this.#start();
    // The running pass may have read its list of pending passages before this request's
    // passages were stored, so it cannot serve it: one more pass follows.
    this.#queued = this.#running.then(
      () => this.#startQueued(),
      () => this.#startQueued(),
    );
    return this.#queued;
  }

  /** Aborts the pass in flight and drops the queued one; resolves once they have stopped. */
  async close(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled([this.#running, this.#queued]);
  }

  #startQueued(): Promise<number> {
    this.#queued = null;
    return this.#start();
  }

  #start(): Promise<number> {
    const pass = this.#pass();
    this.#running = pass;
    const settled = (): void => {
      if (this.#running === pass) this.#running = null;
    };
    pass.then(settled, settled);
    return pass;
  }

  async #pass(): Promise<number> {
    const signal = this.#abort.signal;
    const batchSize = this.options.batchSize ?? 64;
    let truncated = 0;
    let done = 0;
    try {
      const embedder = signal.aborted ? null : await this.options.embedder();
      if (embedder === null) return 0;
      while (!signal.aborted) {
        const pending = await this.store.chunksWithoutVectors(embedder.modelId, batchSize);
        if (pending.length === 0) break;
        const result = await embedder.embed(pending.map(passageText), signal);
        const rows = pending.flatMap((c, i) => {
          const vector = result.vectors[i];
          return vector === undefined ? [] : [{ chunkId: c.chunkId, vector }];
        });
        // A batch the embedder returned nothing for would come back forever.
        if (rows.length === 0) break;
        await this.store.upsertVectors(embedder.modelId, rows);
        truncated += result.truncated;
        done += pending.length;
        this.options.onProgress?.(done, done + (pending.length === batchSize ? batchSize : 0));
      }
      return truncated;
    } catch (error) {
      // Closed mid-batch: that batch is not stored, and the next pass (after the next open) embeds it.
      if (signal.aborted) return truncated;
      this.options.onError?.(error);
      throw error;
    }
  }
}

/** What is embedded for a passage: its title and heading give the words their context. */
function passageText(c: ChunkToEmbed): string {
  return c.heading ? `${c.title} — ${c.heading}\n${c.text}` : `${c.title}\n${c.text}`;
}
