/** Cross-encoder reranking with a local GGUF reranker, via node-llama-cpp's ranking context. */
import type { LlamaModel, LlamaRankingContext } from "node-llama-cpp";
import type { ModelInfo } from "../../../shared/types";
import type { LlamaRuntime } from "./LlamaRuntime";
import type { Reranker } from "./types";

export interface LlamaRerankerOptions {
  /** The runtime that loads the model. Required. */
  runtime: LlamaRuntime;
  /** The catalog entry of the reranker. Required. */
  model: Pick<ModelInfo, "id" | "path" | "contextLength">;
  /** Tokens per query+document pair; longer documents are cut. Default: min(model context length, 1024). */
  contextSize?: number;
}

export class LlamaReranker implements Reranker {
  readonly modelId: string;
  private readonly contextSize: number;
  private context: LlamaRankingContext | null = null;

  constructor(private readonly options: LlamaRerankerOptions) {
    this.modelId = options.model.id;
    this.contextSize = Math.max(
      32,
      options.contextSize ?? Math.min(options.model.contextLength || 1024, 1024),
    );
  }

  async rank(query: string, documents: string[], signal?: AbortSignal): Promise<number[]> {
    if (documents.length === 0) return [];
    signal?.throwIfAborted();
    return this.options.runtime.use(
      this.options.model.path,
      this.contextSize,
      async (model) => {
        const context = await this.contextFor(model);
        const queryTokens = model.tokenize(query, false);
        const scores: number[] = [];
        for (const document of documents) {
          signal?.throwIfAborted();
          // Cut the document so query + document + separators fit; the start of a passage carries its topic.
          const room = Math.max(1, this.contextSize - queryTokens.length - 8);
          const documentTokens = model.tokenize(document, false).slice(0, room);
          scores.push(await context.rank(queryTokens, documentTokens));
        }
        return scores;
      },
      true,
    );
  }

  private async contextFor(model: LlamaModel): Promise<LlamaRankingContext> {
    if (this.context && !this.context.disposed && this.context.model === model) return this.context;
    if (this.context && !this.context.disposed) await this.context.dispose();
    this.context = await model.createRankingContext({
      contextSize: this.contextSize,
      batchSize: this.contextSize,
      threads: await this.options.runtime.threadsFor(model, "batch"),
    });
    return this.context;
  }

  async dispose(): Promise<void> {
    if (this.context && !this.context.disposed) await this.context.dispose();
    this.context = null;
  }
}
