/** Embeddings from a local GGUF model, several contexts working in parallel. */
import type { LlamaEmbeddingContext, LlamaModel, Token } from "node-llama-cpp";
import type { ModelInfo } from "../../../shared/types";
import type { Embedder } from "./types";
import type { LlamaRuntime } from "./LlamaRuntime";

export interface LlamaEmbedderOptions {
  /** The runtime that loads the model. Required. */
  runtime: LlamaRuntime;
  /** The catalog entry of the embedding model. Required. */
  model: Pick<ModelInfo, "id" | "path" | "file" | "contextLength" | "embeddingLength">;
  /**
   * Embedding contexts run in parallel (each with its share of the threads). Default: min(2, CPU
   * math cores, libuv's pool size).
   */
  contexts?: number;
  /** Tokens per context; longer texts are truncated. Default: min(model context length, 512). */
  contextSize?: number;
}

// Room for the BOS/EOS tokens node-llama-cpp adds, and the strict "<" it checks against the context size.
const RESERVED_TOKENS = 3;

export class LlamaEmbedder implements Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  private readonly contextSize: number;
  private pool: LlamaEmbeddingContext[] = [];
  private poolModel: LlamaModel | null = null;

  constructor(private readonly options: LlamaEmbedderOptions) {
    this.modelId = options.model.id;
    this.dimensions = options.model.embeddingLength;
    this.contextSize = Math.max(
      16,
      options.contextSize ?? Math.min(options.model.contextLength || 512, 512),
    );
  }

  async embed(
    texts: string[],
    signal?: AbortSignal,
  ): Promise<{ vectors: Float32Array[]; truncated: number }> {
    if (texts.length === 0) return { vectors: [], truncated: 0 };
    signal?.throwIfAborted();
    return this.options.runtime.use(
      this.options.model.path,
      this.contextSize,
      async (model) => {
        const pool = await this.contextsFor(model);
        const vectors = new Array<Float32Array>(texts.length);
        let truncated = 0;
        let next = 0;
        // Each context pulls the next text until none are left: the slowest text never idles the others.
        const worker = async (context: LlamaEmbeddingContext): Promise<void> => {
          for (let i = next++; i < texts.length; i = next++) {
            signal?.throwIfAborted();
            const { tokens, cut } = this.fit(model, texts[i] ?? "");
            if (cut) truncated++;
            const { vector } = await context.getEmbeddingFor(tokens);
            vectors[i] = normalise(vector, this.dimensions);
          }
        };
        await Promise.all(pool.map(worker));
        return { vectors, truncated };
      },
      true,
    );
  }

  /** Tokenises and cuts to what fits in one context. */
  private fit(model: LlamaModel, text: string): { tokens: Token[]; cut: boolean } {
    const tokens = model.tokenize(text, false);
    const limit = this.contextSize - RESERVED_TOKENS;
    // An empty input makes node-llama-cpp return an empty vector; a single space embeds as "nothing".
    if (tokens.length === 0) return { tokens: model.tokenize(" ", false), cut: false };
    return tokens.length > limit
      ? { tokens: tokens.slice(0, limit), cut: true }
      : { tokens, cut: false };
  }

  private async contextsFor(model: LlamaModel): Promise<LlamaEmbeddingContext[]> {
    if (this.poolModel === model && this.pool.every((c) => !c.disposed)) return this.pool;
    await this.disposePool();
    const cores = await this.options.runtime.threads();
    // Contexts decode in parallel only on as many libuv pool threads as there are (one in the
    // model-host process, where one context with every thread is as fast as two with one each).
    const parallel = Math.min(2, cores, libuvPoolSize());
    const count = Math.max(1, Math.min(this.options.contexts ?? parallel, 8));
    // Contexts split the threads that calibration found useful, at least one each.
    const threads = Math.max(
      1,
      Math.floor((await this.options.runtime.threadsFor(model, "batch")) / count),
    );
    const pool: LlamaEmbeddingContext[] = [];
    for (let i = 0; i < count; i++) {
      pool.push(
        await model.createEmbeddingContext({
          contextSize: this.contextSize,
          batchSize: this.contextSize,
          threads,
        }),
      );
    }
    this.pool = pool;
    this.poolModel = model;
    return pool;
  }

  private async disposePool(): Promise<void> {
    const pool = this.pool;
    this.pool = [];
    this.poolModel = null;
    await Promise.all(pool.filter((c) => !c.disposed).map((c) => c.dispose()));
  }

  async dispose(): Promise<void> {
    await this.disposePool();
  }
}

/** Unit length, so cosine similarity is a dot product; pads or cuts to the declared dimensions. */
export function normalise(vector: readonly number[], dimensions: number): Float32Array {
  const out = new Float32Array(dimensions);
  let sum = 0;
  for (let i = 0; i < dimensions; i++) {
    const v = vector[i] ?? 0;
    out[i] = v;
    sum += v * v;
  }
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < dimensions; i++) out[i] = out[i]! / norm;
  return out;
}

/** Threads in libuv's pool, where node-llama-cpp runs each decode (UV_THREADPOOL_SIZE, default 4). */
export function libuvPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const size = Number(env.UV_THREADPOOL_SIZE);
  return Number.isInteger(size) && size >= 1 ? size : 4;
}
