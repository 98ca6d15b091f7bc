/** What a host (Electron main, the CLI, tests, benchmarks) chooses when it creates the engine. */
import type { ResolvedPolicy } from "../../shared/policy";
import type { ChunkOptions } from "./ingest/chunkPages";
import type { Embedder, Generator } from "./llm/types";

export interface EngineOptions {
  /** The data folder (library, models, conversations, settings). Required. */
  dataDir: string;
  /** The app's bundled models folder. Default: resources/models beside the app. */
  bundledModelsDir?: string;
  /** Managed policy. Default: none (no restrictions). */
  policy?: ResolvedPolicy;
  /** Shown in the UI and written to the audit log. Default: package.json's version (appVersion.ts). */
  appVersion?: string;
  /** Chunk sizes. Default: see ChunkOptions. */
  chunking?: ChunkOptions;
  /** Folders of other local model tools (LM Studio, GPT4All, Jan, Ollama) to list. Default: []. */
  externalModelDirs?: string[];
  /**
   * Use these instead of the catalog's selections (benchmarks that exclude model time, tests
   * that script a model). Default: none, the catalog decides.
   */
  overrides?: { generator?: Generator | null; embedder?: Embedder | null };
  /**
   * Embed, in the background after open, the passages still without a vector from the selected
   * embedding model (a re-embed that close() cut short). Default: true. The CLI turns it off:
   * its commands are short-lived, and its imports embed what they need.
   */
  resumeEmbedding?: boolean;
  /** Where the engine writes warnings nobody asked for (a search that lost its vectors). Default: stderr. */
  log?: (line: string) => void;
}

/** Options of one `ask` beyond the contract's (hosts other than the window, e.g. the CLI). */
export interface AskOptions {
  /** Answer with this catalog chat model, for this question only: the saved selection stays. Default: the selected model. */
  chatModelId?: string;
}
