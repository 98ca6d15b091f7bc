/** What a host (Electron main, the CLI, tests, benchmarks) chooses when it creates the engine. */
import type { ResolvedPolicy } from "../../shared/policy";
import type { ChunkOptions } from "./ingest/chunkPages";
import type { ModelHostLauncher } from "./llm/ModelHostClient";
import type { Embedder, Generator } from "./llm/types";
import type { LockHolder } from "./support/DataFolderLock";

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
  /**
   * "write": the engine takes the data folder's single-writer lock (`<dataDir>/enclave.lock`,
   * see DataFolderLock) for its lifetime, released by close(). "read": no lock; the engine opens
   * without writing anything (no recovery, migration or re-embedding, no audit log) and reads
   * the committed library while another process may write; every change throws. Default: "write".
   */
  access?: "read" | "write";
  /** How a writer takes the lock. Default: see EngineLockOptions. */
  lock?: EngineLockOptions;
  /**
   * Where chat, embedding and reranker models run: a launcher of the model-host process (the
   * Electron app passes one that uses utilityProcess), or "in-process" to load them in this
   * process. Default: "in-process" (tests and benches). The app (utilityModelHost) and the CLI
   * (forkModelHost, see CliEngine.ts) pass launchers wrapped in llm/hostFallback.ts: on the
   * 2-core test machine the host generated at 0.95x llama-bench's speed at 2 threads against
   * 0.67x in-process (see llm/ModelHostClient.ts).
   */
  modelHost?: ModelHostLauncher | "in-process";
  /** Where the engine writes warnings nobody asked for (a search that lost its vectors). Default: stderr. */
  log?: (line: string) => void;
}

/** How a writer takes the data folder's lock. */
export interface EngineLockOptions {
  /** How long to wait for another writer to finish, in ms. Default: 0 (DataFolderInUseError at once). */
  waitMs?: number;
  /** What other processes are told holds the folder. Default: this process's command line. */
  command?: string;
  /** Called once when another writer makes this one wait. Default: none. */
  onWait?: (holder: LockHolder, waitMs: number) => void;
}

/** Options of one `ask` beyond the contract's (hosts other than the window, e.g. the CLI). */
export interface AskOptions {
  /** Answer with this catalog chat model, for this question only: the saved selection stays. Default: the selected model. */
  chatModelId?: string;
}
