/**
 * Owns node-llama-cpp: one Llama backend (GPU when it works, CPU otherwise), models loaded lazily
 * and shared by path, a memory check before each load, and unloading after a quiet period.
 * Offline by construction: it never downloads binaries and accepts only local file paths.
 */
import { SerialQueue } from "../support/serialQueue";
import { availableParallelism, freemem } from "node:os";
import { basename, isAbsolute, resolve } from "node:path";
import {
  GgufInsights,
  InsufficientMemoryError,
  LlamaLogLevel,
  getLlama,
  readGgufFileInfo,
  type Llama,
  type LlamaModel,
} from "node-llama-cpp";
import { ModelDoesNotFitError, NotALocalModelPathError } from "./errors";
import { ModelAllowList, type CheckedModel } from "./ModelAllowList";
import { fastModelId } from "./modelHashes";
import {
  BATCH_TOKENS,
  ThreadCalibrationCache,
  calibrateThreads,
  generationCost,
  machineKey,
  type Workload,
} from "./threadCalibration";

export type GpuChoice = "auto" | "cuda" | "vulkan" | "metal" | false;
export type Backend = "cuda" | "vulkan" | "metal" | "cpu";

export interface LlamaRuntimeOptions {
  /** GPU backend to try (managed policy may force false); CPU is used if it fails. Default: "auto". */
  gpu?: GpuChoice;
  /** Unload a model after this many ms without use (0 keeps models loaded). Default: 300000 (5 min). */
  idleUnloadMs?: number;
  /** Math threads per context, capped at the CPU's math cores. Default: llama.cpuMathCores. */
  threads?: number;
  /** Free memory in bytes (tests inject small figures). Default: os.freemem() and the GPU's free VRAM. */
  freeMemory?: () => Promise<{ ram: number; vram: number }>;
  /** llama.cpp log level. Default: LlamaLogLevel.error. */
  logLevel?: LlamaLogLevel;
  /**
   * Policy AllowedModelHashes: full-file SHA-256 hashes of the only model files that may be
   * loaded, checked at each load (every part, hashed then) and loaded with mmap off. Default: null (any).
   */
  allowedHashes?: readonly string[] | null;
  /**
   * Where thread counts measured for each model on this machine are kept (see threadCalibration.ts),
   * so a model is calibrated once, not at every start. Default: null (kept in memory only).
   */
  calibrationFile?: string | null;
}

interface Loaded {
  model: LlamaModel;
  active: number;
  timer: NodeJS.Timeout | null;
}

/** A model reference that is a URL or a `hf:`-style URI rather than a file on this machine. */
export function assertLocalModelPath(reference: string): string {
  const windowsDrive = /^[a-z]:[\\/]/i.test(reference);
  if (!windowsDrive && /^[a-z][a-z0-9+.-]*:/i.test(reference))
    throw new NotALocalModelPathError(reference);
  return isAbsolute(reference) ? reference : resolve(reference);
}

export class LlamaRuntime {
  private llamaPromise: Promise<Llama> | null = null;
  private backendInUse: Backend | null = null;
  private binaryInUse: string | null = null;
  private readonly loaded = new Map<string, Loaded>();
  private readonly calibrated = new Map<string, Promise<number>>();
  private readonly calibrations: ThreadCalibrationCache;
  /** The file each loaded model came from (LlamaModel.filename is only its name). */
  private readonly modelPaths = new WeakMap<LlamaModel, string>();
  private readonly loads = new SerialQueue();
  private readonly allowList: ModelAllowList;
  private disposed = false;

  constructor(private readonly options: LlamaRuntimeOptions = {}) {
    this.allowList = new ModelAllowList(options.allowedHashes ?? null);
    this.calibrations = new ThreadCalibrationCache(options.calibrationFile ?? null);
    // node-llama-cpp must never try to fetch binaries or models, whatever the environment says.
    process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD = "true";
  }

  /** The backend in use, or null before the first model load. */
  get backend(): Backend | null {
    return this.backendInUse;
  }

  /** The llama.cpp binary node-llama-cpp loaded ("prebuilt" or "localBuild"), or null before. */
  get binary(): string | null {
    return this.binaryInUse;
  }

  /** Starts llama.cpp (once): the chosen GPU, falling back to CPU when GPU initialisation fails. */
  llama(): Promise<Llama> {
    this.llamaPromise ??= (async () => {
      const common = {
        build: "never",
        skipDownload: true,
        logLevel: this.options.logLevel ?? LlamaLogLevel.error,
      } as const;
      const gpu = this.options.gpu ?? "auto";
      let llama: Llama;
      try {
        llama = await getLlama({ ...common, gpu });
      } catch (error) {
        if (gpu === false) throw error;
        llama = await getLlama({ ...common, gpu: false });
      }
      this.backendInUse = llama.gpu === false ? "cpu" : llama.gpu;
      this.binaryInUse = llama.buildType;
      return llama;
    })();
    return this.llamaPromise;
  }

  /** Threads for a context: the option, never more than the math cores. */
  async threads(): Promise<number> {
    const llama = await this.llama();
    const cores = Math.max(1, Math.min(llama.cpuMathCores, availableParallelism()));
    return Math.max(1, Math.min(this.options.threads ?? cores, cores));
  }

  /**
   * Threads for this model's contexts doing `workload` ("generation": a chat model answering;
   * "batch": embedding and ranking). Without a `threads` option on a CPU backend, a short timed
   * run at every count from 1 to the cores decides, once per model, workload and machine (the
   * fewest threads within 5% of the fastest; see threadCalibration.ts): on small or busy
   * machines llama.cpp's threads wait on each other and fewer threads can be as fast or faster.
   */
  threadsFor(model: LlamaModel, workload: Workload = "generation"): Promise<number> {
    const path = this.modelPaths.get(model);
    const key = `${path ?? model.filename ?? ""}|${workload}`;
    let known = this.calibrated.get(key);
    if (!known) {
      known = (async () => {
        const cores = await this.threads();
        if (this.options.threads !== undefined || cores === 1 || this.backendInUse !== "cpu")
          return cores;
        const id = `${path ? await fastModelId(path) : (model.filename ?? "")}|${workload}`;
        const machine = machineKey(this.backendInUse, this.binaryInUse ?? "unknown");
        const cached = await this.calibrations.get(id, machine);
        if (cached && cached.threads >= 1 && cached.threads <= cores) return cached.threads;
        const choice = await calibrateThreads(cores, (threads) =>
          timeWorkload(model, threads, workload),
        );
        await this.calibrations.set(id, machine, choice);
        return choice.threads;
      })();
      this.calibrated.set(key, known);
    }
    return known;
  }

  /**
   * Estimates the memory a model (plus one context of `contextSize`) needs and throws
   * ModelDoesNotFitError when it exceeds free RAM plus free VRAM.
   */
  async checkFits(
    path: string,
    contextSize: number,
    isEmbedding = false,
  ): Promise<{ neededBytes: number; availableBytes: number }> {
    const llama = await this.llama();
    const info = await readGgufFileInfo(assertLocalModelPath(path), {
      sourceType: "filesystem",
      logWarnings: false,
    });
    const insights = await GgufInsights.from(info, llama);
    const gpuLayers = this.backendInUse === "cpu" ? 0 : insights.totalLayers;
    const model = await insights.estimateModelResourceRequirementsV2({ gpuLayers });
    const context = await insights.estimateContextResourceRequirementsV2({
      contextSize,
      modelGpuLayers: gpuLayers,
      isEmbeddingContext: isEmbedding,
    });
    const neededBytes = model.cpuRam + model.gpuVram + context.cpuRam + context.gpuVram;
    const free = this.options.freeMemory
      ? await this.options.freeMemory()
      : {
          ram: freemem(),
          vram: this.backendInUse === "cpu" ? 0 : (await llama.getVramState()).free,
        };
    const availableBytes = free.ram + free.vram;
    if (neededBytes > availableBytes)
      throw new ModelDoesNotFitError(basename(path), neededBytes, availableBytes);
    return { neededBytes, availableBytes };
  }

  /**
   * Runs `work` with the model at `path`, loading it first if needed (one load at a time). The
   * model stays loaded while any work runs and unloads after the idle period.
   */
  async use<T>(
    path: string,
    contextSize: number,
    work: (model: LlamaModel) => Promise<T>,
    isEmbedding = false,
  ): Promise<T> {
    const local = assertLocalModelPath(path);
    const entry = await this.acquire(local, contextSize, isEmbedding);
    try {
      return await work(entry.model);
    } finally {
      entry.active--;
      this.scheduleUnload(local, entry);
    }
  }

  private acquire(path: string, contextSize: number, isEmbedding: boolean): Promise<Loaded> {
    return this.loads.run(async () => {
      if (this.disposed)
        throw new Error("The model runtime was shut down; restart the app to use models again.");
      let entry = this.loaded.get(path);
      if (!entry || entry.model.disposed) {
        const checked = await this.allowList.check(path);
        await this.checkFits(checked?.path ?? path, contextSize, isEmbedding);
        const llama = await this.llama();
        let model: LlamaModel;
        try {
          model = await this.loadChecked(checked, path, (modelPath) =>
            llama.loadModel({
              modelPath,
              gpuLayers: this.backendInUse === "cpu" ? 0 : "auto",
              // Under an allow-list the weights are read into memory: a mapped file written later
              // would change the weights in use, behind the check.
              ...(checked ? { useMmap: false } : {}),
            }),
          );
        } catch (error) {
          if (error instanceof InsufficientMemoryError)
            throw new ModelDoesNotFitError(basename(path), 0, freemem(), { cause: error });
          throw error;
        }
        this.modelPaths.set(model, path);
        entry = { model, active: 0, timer: null };
        this.loaded.set(path, entry);
      }
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = null;
      entry.active++;
      return entry;
    });
  }

  /**
   * Loads only the vocabulary and metadata (tokenizer, chat template) of the model at `path`, under
   * the same allow-list check as the weights: the chat template is read from the file too.
   */
  async loadVocabulary(path: string): Promise<LlamaModel> {
    const local = assertLocalModelPath(path);
    const checked = await this.allowList.check(local);
    const llama = await this.llama();
    return this.loadChecked(checked, local, (modelPath) =>
      llama.loadModel({ modelPath, vocabOnly: true }),
    );
  }

  /** Loads the checked path (or `path` without an allow-list), then refuses it if any part changed meanwhile. */
  private async loadChecked(
    checked: CheckedModel | null,
    path: string,
    load: (modelPath: string) => Promise<LlamaModel>,
  ): Promise<LlamaModel> {
    const model = await load(checked?.path ?? path);
    if (checked) {
      try {
        await this.allowList.confirmUnchanged(checked);
      } catch (error) {
        await model.dispose();
        throw error;
      }
    }
    return model;
  }

  private scheduleUnload(path: string, entry: Loaded): void {
    const idle = this.options.idleUnloadMs ?? 300_000;
    if (idle <= 0 || entry.active > 0) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      void this.loads.run(async () => {
        if (entry.active > 0 || this.loaded.get(path) !== entry) return;
        this.loaded.delete(path);
        await entry.model.dispose();
      });
    }, idle);
    // An idle timer must not keep a CLI or test process alive.
    entry.timer.unref();
  }

  /** Paths of the models loaded now. */
  loadedModels(): string[] {
    return [...this.loaded.keys()];
  }

  /** Unloads every model and releases llama.cpp. */
  async dispose(): Promise<void> {
    await this.loads.run(async () => {
      this.disposed = true;
      for (const entry of this.loaded.values()) {
        if (entry.timer) clearTimeout(entry.timer);
        await entry.model.dispose();
      }
      this.loaded.clear();
      if (this.llamaPromise) await (await this.llamaPromise).dispose();
    });
  }
}

/**
 * The cost of `workload` with `threads`, in ms per token (see threadCalibration.ts): prompt
 * tokens evaluated in one batch (how embedding, ranking and a question's prompt run), and for
 * generation also tokens decoded one at a time. Each the best of a few rounds in one context, so
 * the first round's warm-up (allocations, page faults, thread start) does not decide the choice.
 */
async function timeWorkload(
  model: LlamaModel,
  threads: number,
  workload: Workload,
  rounds = 3,
): Promise<number> {
  const context = await model.createContext({ contextSize: 256, batchSize: 128, threads });
  try {
    const sequence = context.getSequence();
    const words = "The manual describes each step of the procedure and the checks after it. ";
    const tokens = model.tokenize(words.repeat(16), false).slice(0, BATCH_TOKENS);
    if (tokens.length < 8) return 0;
    const best = async (work: () => Promise<number>): Promise<number> => {
      let ms = Infinity;
      for (let round = 0; round < rounds; round++) ms = Math.min(ms, await work());
      return ms;
    };
    const batchMs = await best(async () => {
      await sequence.clearHistory();
      const start = performance.now();
      await sequence.evaluateWithoutGeneratingNewTokens(tokens);
      return (performance.now() - start) / tokens.length;
    });
    if (workload === "batch") return batchMs;
    const decodeMs = await best(async () => {
      await sequence.clearHistory();
      await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(0, 1));
      const start = performance.now();
      for (const token of tokens.slice(1, 7))
        await sequence.evaluateWithoutGeneratingNewTokens([token]);
      return (performance.now() - start) / 6;
    });
    return generationCost(decodeMs, batchMs);
  } finally {
    await context.dispose();
  }
}
