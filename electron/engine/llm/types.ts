/** Interfaces the answer and retrieval code program against; node-llama-cpp stays behind them. */

export interface Embedder {
  /** Id of the model that makes the vectors (ModelInfo.id). */
  readonly modelId: string;
  readonly dimensions: number;
  /** Embeds texts; texts longer than the model's context are truncated (counted in `truncated`). */
  embed(
    texts: string[],
    signal?: AbortSignal,
  ): Promise<{ vectors: Float32Array[]; truncated: number }>;
  dispose(): Promise<void>;
}

export interface Reranker {
  readonly modelId: string;
  /** Relevance of each document to the query, higher is better, same order as `documents`. */
  rank(query: string, documents: string[], signal?: AbortSignal): Promise<number[]>;
  dispose(): Promise<void>;
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface GenerateOptions {
  /** Called with each piece of text as it is generated. */
  onToken?: (text: string) => void;
  signal?: AbortSignal;
  /** Default: 512. */
  maxTokens?: number;
  /** Default: 0.2. */
  temperature?: number;
}

export interface GenerateResult {
  text: string;
  /** true when stopped by the signal. */
  aborted: boolean;
  promptTokens: number;
  generatedTokens: number;
  /** Milliseconds from the call to the first token. */
  timeToFirstTokenMs: number;
}

/** A chat model behind a narrow interface, so tests can script one. */
export interface Generator {
  /** File name of the model. */
  readonly modelName: string;
  /** Context window in tokens. */
  readonly contextSize: number;
  /** Tokens the model's own tokenizer makes of this text. */
  countTokens(text: string): number;
  /** Prompt tokens per second measured on this machine (0 before the first measurement). */
  promptTokensPerSecond(): Promise<number>;
  generate(messages: ChatMessage[], options?: GenerateOptions): Promise<GenerateResult>;
  dispose(): Promise<void>;
}
