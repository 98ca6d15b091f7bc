/**
 * An import's passages, embedded as the import produces them: while a document's later pages (and
 * the next files) are still being parsed, its first passages are already being embedded. A bounded
 * queue sits between the two: when embedding falls behind, add() waits, which holds back parsing
 * (the queue, not the library, sets the memory used). Vectors wait in memory until their document
 * commits and are then written in one upsert, so a document that fails or is stopped leaves no
 * vectors, and a killed import leaves at most committed documents without vectors, which the next
 * pass embeds (as before). Passages held here are "claimed": the indexer's passes leave them alone.
 * A failed embedding stops this import's embedding only; its passages stay for the next pass.
 */
import type { Embedder } from "../llm/types";
import { chunkId, HEADING_SEPARATOR } from "../store/rows";
import type { ChunkDraft, ChunkToEmbed, VectorRow, VectorStore } from "../store/types";

type Embedding = { vectors: Float32Array[]; truncated: number };

export interface ImportEmbeddingOptions {
  /** The embedder, looked up once, at the first passage; null: nothing is embedded. Required. */
  embedder: () => Promise<Embedder | null>;
  /** Runs one embedding call (the indexer serialises them with its own). Required. */
  embed: (embedder: Embedder, texts: string[]) => Promise<Embedding>;
  /** Passages per embedding call. Required. */
  batchSize: number;
  /** Passages queued and not yet embedded before add() waits. Default: 2 × batchSize. */
  maxQueued?: number;
  /** Chunk ids held here, shared with the indexer's passes. Required. */
  claimed: Set<string>;
  /** Stops embedding (an aborted import, a closing engine). Default: none. */
  signal?: AbortSignal;
  /** Told after each passage is embedded, with its document and last page. Default: none. */
  onEmbedded?: (documentId: string, page: number) => void;
}

interface Item {
  chunk: ChunkToEmbed;
  page: number;
}

interface DocumentVectors {
  waiting: number;
  rows: VectorRow[];
  committed: boolean;
}

export class ImportEmbedding {
  #queue: Item[] = [];
  readonly #docs = new Map<string, DocumentVectors>();
  #embedder: Promise<Embedder | null> | null = null;
  #worker: Promise<void> | null = null;
  #room: (() => void)[] = [];
  #writes: Promise<void>[] = [];
  #stopped = false;
  #truncated = 0;
  #modelId = "";
  /** Whether passages are being embedded (an embedding model is selected), once one was added. */
  active = false;
  /** Some passages were left without vectors (a failure or a stop): a pass should follow. */
  incomplete = false;

  constructor(
    private readonly store: VectorStore,
    private readonly options: ImportEmbeddingOptions,
  ) {}

  /** Queues a document's passages; waits while the queue is full. */
  async add(documentId: string, title: string, drafts: ChunkDraft[]): Promise<void> {
    const embedder = await (this.#embedder ??= this.options.embedder());
    if (embedder === null || this.#halted() || drafts.length === 0) return;
    this.#modelId = embedder.modelId;
    this.active = true;
    let doc = this.#docs.get(documentId);
    if (doc === undefined) {
      doc = { waiting: 0, rows: [], committed: false };
      this.#docs.set(documentId, doc);
    }
    for (const d of drafts) {
      const id = chunkId(documentId, d.index);
      this.options.claimed.add(id);
      doc.waiting++;
      this.#queue.push({
        chunk: {
          chunkId: id,
          documentId,
          title,
          heading: d.headingPath.join(HEADING_SEPARATOR),
          text: d.text,
        },
        page: d.pageEnd,
      });
    }
    this.#worker ??= this.#run(embedder).finally(() => (this.#worker = null));
    const limit = this.options.maxQueued ?? 2 * this.options.batchSize;
    while (this.#queue.length >= limit && !this.#halted())
      await new Promise<void>((resolve) => this.#room.push(resolve));
  }

  /** The document committed: its vectors are written once all are embedded. */
  commit(documentId: string): void {
    const doc = this.#docs.get(documentId);
    if (doc === undefined) return;
    doc.committed = true;
    if (doc.waiting === 0) this.#write(documentId, doc);
  }

  /** The document did not commit: its passages are dropped, embedded or not. */
  discard(documentId: string): void {
    const doc = this.#docs.get(documentId);
    if (doc === undefined) return;
    this.#docs.delete(documentId);
    const dropped = this.#queue.filter((item) => item.chunk.documentId === documentId);
    this.#queue = this.#queue.filter((item) => item.chunk.documentId !== documentId);
    for (const item of dropped) this.options.claimed.delete(item.chunk.chunkId);
    for (const r of doc.rows) this.options.claimed.delete(r.chunkId);
    this.#wake();
  }

  /** Waits for every queued passage and vector write; returns how many passages were truncated. */
  async finish(): Promise<number> {
    while (this.#worker !== null) await this.#worker;
    for (const [id, doc] of this.#docs) {
      // Not committed by the end: its document failed (and was discarded) or never landed.
      if (!doc.committed) this.discard(id);
    }
    await Promise.all(this.#writes);
    if (this.#docs.size > 0) this.incomplete = true;
    for (const id of this.#docs.keys()) this.discard(id);
    return this.#truncated;
  }

  #halted(): boolean {
    return this.#stopped || this.options.signal?.aborted === true;
  }

  #wake(): void {
    for (const resolve of this.#room.splice(0)) resolve();
  }

  async #run(embedder: Embedder): Promise<void> {
    while (this.#queue.length > 0 && !this.#halted()) {
      const batch = this.#queue.splice(0, this.options.batchSize);
      this.#wake();
      let result: Embedding;
      try {
        result = await this.options.embed(
          embedder,
          batch.map((b) => passageText(b.chunk)),
        );
      } catch {
        // Stopped, or the embedder failed: the passages stay for the indexer's next pass, which
        // reports a failure that persists.
        this.#stop(batch);
        return;
      }
      this.#truncated += result.truncated;
      batch.forEach((item, i) => {
        const doc = this.#docs.get(item.chunk.documentId);
        const vector = result.vectors[i];
        if (doc === undefined) return void this.options.claimed.delete(item.chunk.chunkId);
        doc.waiting--;
        if (vector !== undefined) doc.rows.push({ chunkId: item.chunk.chunkId, vector });
        else this.incomplete = true;
        this.options.onEmbedded?.(item.chunk.documentId, item.page);
        if (doc.waiting === 0 && doc.committed) this.#write(item.chunk.documentId, doc);
      });
    }
    if (this.#halted()) this.#stop([]);
  }

  #stop(batch: Item[]): void {
    this.#stopped = true;
    this.incomplete = true;
    for (const item of [...batch, ...this.#queue]) this.options.claimed.delete(item.chunk.chunkId);
    this.#queue = [];
    for (const [id, doc] of this.#docs) if (doc.waiting > 0) this.discard(id);
    this.#wake();
  }

  #write(documentId: string, doc: DocumentVectors): void {
    this.#docs.delete(documentId);
    const release = (): void => doc.rows.forEach((r) => this.options.claimed.delete(r.chunkId));
    if (doc.rows.length === 0) return release();
    this.#writes.push(
      this.store
        .upsertVectors(this.#modelId, doc.rows, { fresh: true })
        .catch(() => void (this.incomplete = true))
        .finally(release),
    );
  }
}

/** What is embedded for a passage: its title and heading give the words their context. */
export function passageText(c: ChunkToEmbed): string {
  return c.heading ? `${c.title} — ${c.heading}\n${c.text}` : `${c.title}\n${c.text}`;
}
