/**
 * A pool of worker threads that run pdf.js, so parsing never blocks the event loop (and, in the
 * app, the window). Tasks queue first-in first-out; each worker runs one task at a time.
 *
 * Starting the worker: next to this module sits `pdfWorker.ts` (source) or `pdfWorker.js` (built).
 * When the worker is a .ts file (this module runs under tsx or vitest), it is started through
 * tsx's loader (see workerStart.ts). A bundler must emit `pdfWorker` as its own entry point, as
 * `pdfWorker.js` in the same folder as the bundle that contains this module (or pass `workerUrl`), and keep
 * `pdfjs-dist` resolvable from there (external, or bundled into the worker entry). In a packaged
 * Electron app the worker file must be outside the asar archive (electron-builder `asarUnpack`).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { recordNetworkRefusal } from "../net/networkGuard";
import type { FormatRequest, FormatResult } from "./formats/parseFormat";
import type { ParsedDocx } from "./parseDocx";
import type { ParsedTextFile } from "./parseTextFile";
import { OCR_TIMEOUT_MS } from "./ocr/types";
import type { OcrReply, OcrRequest, PdfWorkerRequest, PdfWorkerResponse } from "./pdfProtocol";
import type { PageRangeRequest, PdfMeta, PdfTaskError } from "./pdfTasks";
import type { ParsedPage } from "./types";
import { defaultWorkerUrl, workerStart, type WorkerStart } from "./workerStart";

export interface PdfWorkerPoolOptions {
  /** Worker threads to run. Default: the available CPU cores, at most 8. */
  size?: number;
  /** The worker module. Default: `pdfWorker.ts`/`.js` next to this module (see the file comment). */
  workerUrl?: URL;
  /** Heap limit of each worker in MiB, so a pathological PDF fails alone. Default 1024. */
  maxWorkerHeapMb?: number;
  /**
   * Longest one task (a file's metadata, or one block of its pages) may run before its worker is
   * stopped and replaced, and the task fails with kind TIMEOUT. Default 25 000 ms: a block of 16
   * pages parses in about a second on a 2-core laptop; pdf.js's own hostile test PDFs finish in
   * 10.5 s at most with this budget (bench:hostile).
   */
  taskTimeoutMs?: number;
  /**
   * How far the process's resident memory may grow, in MiB, above where it stood when the pool
   * last became busy, before the worker running longest is stopped and its task fails with kind
   * MEMORY. The heap limit cannot catch this: pdf.js holds decoded streams in ArrayBuffers, outside
   * the heap (a 123 KB PDF reached 12.4 GB). Default 1024: importing pdf.js's 977 test PDFs then
   * peaks at 1.4 GB RSS (3.7 GB with 3072), and the 11-manual corpus grows by about 0.4 GB.
   * 0 turns it off.
   */
  maxMemoryGrowthMb?: number;
}

/** How often the watchdog looks at running tasks and memory. */
const WATCH_INTERVAL_MS = 250;

/** A PDF task failed inside a worker; `kind` says whether the file is encrypted or damaged. */
export class PdfTaskFailedError extends Error {
  override readonly name = "PdfTaskFailedError";
  readonly kind: PdfTaskError["kind"];
  /** The worker's or the watchdog's own words. */
  readonly detail: string;
  /** Kind IMPORT: the import error the worker's parser threw. */
  readonly code: PdfTaskError["code"];
  constructor(error: PdfTaskError) {
    super(
      `PDF parsing failed: ${error.message}. Check the file opens in a PDF reader, then import it again.`,
    );
    this.kind = error.kind;
    this.detail = error.message;
    this.code = error.code;
  }
}

/** A task given up because its signal aborted (the import was stopped); no worker result is kept. */
export class PdfTaskCancelledError extends Error {
  override readonly name = "PdfTaskCancelledError";
  constructor() {
    super("The PDF task was cancelled because its import was stopped.");
  }
}

type Request = Exclude<PdfWorkerRequest, { type: "close" }>;
type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, "id"> : never) : never;

interface Task {
  body: RequestBody;
  resolve: (res: PdfWorkerResponse) => void;
  reject: (error: Error) => void;
  /** Set when its import was stopped while a worker held it in reserve: never run it again. */
  cancelled?: boolean;
}

interface Slot {
  worker: Worker;
  /** Tasks sent to this worker and not yet answered, by request id (the first is running). */
  tasks: Map<number, Task>;
  /** When the running task started (the worker runs its tasks one after another). */
  runningSince: number;
}

/**
 * Tasks sent ahead to each worker (it runs them one after another). A second queued task means a
 * worker never waits for the main thread to hand it the next block, which matters when the main
 * thread is busy or the machine is loaded.
 */
const TASKS_PER_WORKER = 2;

let sharedPool: PdfWorkerPool | null = null;

export class PdfWorkerPool {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly start: WorkerStart;
  private readonly heapMb: number;
  private readonly taskTimeoutMs: number;
  private readonly maxGrowthBytes: number;
  private nextId = 1;
  private disposed = false;
  private watchdog: NodeJS.Timeout | null = null;
  /** Resident memory when the pool last became busy (lowered to any lower reading since). */
  private baselineRss = 0;

  constructor(options: PdfWorkerPoolOptions = {}) {
    this.size = Math.max(1, Math.min(options.size ?? availableParallelism(), 8));
    this.start = workerStart(options.workerUrl ?? defaultWorkerUrl());
    this.heapMb = options.maxWorkerHeapMb ?? 1024;
    this.taskTimeoutMs = options.taskTimeoutMs ?? 25_000;
    this.maxGrowthBytes = (options.maxMemoryGrowthMb ?? 1024) * 2 ** 20;
  }

  /** True while any task is queued or running. */
  get busy(): boolean {
    return this.queue.length > 0 || this.slots.some((s) => s.tasks.size > 0);
  }

  /** The process-wide pool, created on first use. */
  static shared(): PdfWorkerPool {
    sharedPool ??= new PdfWorkerPool();
    return sharedPool;
  }

  /**
   * Starts every worker and loads pdf.js in each (about a second of CPU per worker), so the first
   * import does not pay for it; call it when the app has a quiet moment (e.g. after startup).
   */
  async warmUp(): Promise<void> {
    await Promise.all(Array.from({ length: this.size }, () => this.run({ type: "warm" })));
  }

  /**
   * Opens the PDF in a worker and reads page count, title, page labels and outline. Every task
   * takes an optional `signal`: aborting it drops the task from the queue, or stops the worker
   * running it (see `cancel`), and the task rejects with PdfTaskCancelledError.
   */
  async meta(path: string, docKey: string, signal?: AbortSignal): Promise<PdfMeta> {
    const res = await this.run({ type: "meta", docKey, path }, signal);
    if (res.type !== "meta")
      throw new Error(`Unexpected worker reply "${res.type}" to a meta request; restart Enclave.`);
    return res.meta;
  }

  /** Parses pages [from, to] (1-based, inclusive). */
  async pages(
    path: string,
    docKey: string,
    req: PageRangeRequest,
    signal?: AbortSignal,
  ): Promise<ParsedPage[]> {
    const res = await this.run({ type: "pages", docKey, path, ...req }, signal);
    if (res.type !== "pages")
      throw new Error(`Unexpected worker reply "${res.type}" to a pages request; restart Enclave.`);
    return res.pages;
  }

  /** Reads a Word document in a worker (null when the zip is not one). */
  async docx(path: string, signal?: AbortSignal): Promise<ParsedDocx | null> {
    const res = await this.run({ type: "docx", path }, signal);
    if (res.type !== "docx")
      throw new Error(`Unexpected worker reply "${res.type}" to a docx request; restart Enclave.`);
    return res.docx;
  }

  /** Reads a spreadsheet, presentation, e-book, RTF, CSV or e-mail file in a worker (formats/). */
  async format(req: FormatRequest, signal?: AbortSignal): Promise<FormatResult> {
    const res = await this.run({ type: "format", ...req }, signal);
    if (res.type !== "format")
      throw new Error(
        `Unexpected worker reply "${res.type}" to a format request; restart Enclave.`,
      );
    return res.result;
  }

  /** Reads a text, Markdown or HTML file in a worker ("binary" when it is not text after all). */
  async text(
    path: string,
    claimed: string | null,
    signal?: AbortSignal,
  ): Promise<ParsedTextFile | "binary"> {
    const res = await this.run({ type: "text", path, claimed }, signal);
    if (res.type !== "text")
      throw new Error(`Unexpected worker reply "${res.type}" to a text request; restart Enclave.`);
    return res.text;
  }

  /** OCR of a PDF page (rendered where the document is open) or an image frame; cached or read. */
  async ocr<T extends OcrRequest>(req: T, signal?: AbortSignal): Promise<OcrReply<T>> {
    const res = await this.run(req, signal);
    if (res.type !== req.type)
      throw new Error(`Unexpected worker reply "${res.type}" to an OCR request; restart Enclave.`);
    return res as OcrReply<T>;
  }

  /** Lets every worker drop its open copy of a document. */
  closeDocument(docKey: string): void {
    for (const slot of this.slots)
      slot.worker.postMessage({ type: "close", docKey } satisfies PdfWorkerRequest);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.stopWatching();
    if (sharedPool === this) sharedPool = null;
    for (const task of this.queue.splice(0))
      task.reject(new Error("The PDF worker pool was closed."));
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private run(body: RequestBody, signal?: AbortSignal): Promise<PdfWorkerResponse> {
    if (this.disposed) return Promise.reject(new Error("The PDF worker pool was closed."));
    if (signal?.aborted === true) return Promise.reject(new PdfTaskCancelledError());
    return new Promise<PdfWorkerResponse>((resolve, reject) => {
      const onAbort = (): void => this.cancel(task);
      const settle = (): void => signal?.removeEventListener("abort", onAbort);
      const task: Task = {
        body,
        resolve: (res) => {
          settle();
          resolve(res);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(task);
      this.pump();
    }).then((res) => {
      if (res.type === "error") throw new PdfTaskFailedError(res.error);
      return res;
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      // Fill idle workers first (spawning up to `size`), then give each a task in reserve.
      let slot = this.slots.find((s) => s.tasks.size === 0);
      if (slot === undefined && this.slots.length < this.size) slot = this.spawn();
      slot ??= this.slots.find((s) => s.tasks.size < TASKS_PER_WORKER);
      if (slot === undefined) return;
      const task = this.queue.shift();
      if (task === undefined) return;
      if (task.cancelled === true) continue;
      const id = this.nextId++;
      if (slot.tasks.size === 0) slot.runningSince = Date.now();
      slot.tasks.set(id, task);
      this.watch();
      slot.worker.ref();
      const request: PdfWorkerRequest = { ...task.body, id };
      slot.worker.postMessage(request);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.start.target, {
      eval: this.start.eval,
      ...(this.heapMb > 0 ? { resourceLimits: { maxOldGenerationSizeMb: this.heapMb } } : {}),
    });
    const slot: Slot = { worker, tasks: new Map(), runningSince: Date.now() };
    worker.on("message", (res: PdfWorkerResponse) => {
      if (res.type === "refusal") {
        recordNetworkRefusal(res.refusal);
        return;
      }
      const task = slot.tasks.get(res.id);
      if (task === undefined) return;
      slot.tasks.delete(res.id);
      slot.runningSince = Date.now();
      // Idle workers must not keep a CLI or test process alive.
      if (slot.tasks.size === 0) worker.unref();
      task.resolve(res);
      this.pump();
    });
    const fail = (error: unknown): void => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      const tasks = [...slot.tasks.values()];
      slot.tasks.clear();
      const message = error instanceof Error ? error.message : String(error);
      // A heap-limit kill names the cause; anything else says the worker died.
      const kind =
        (error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY" ? "MEMORY" : "CRASHED";
      for (const task of tasks) task.reject(new PdfTaskFailedError({ kind, message }));
      if (!this.disposed) this.pump();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the PDF worker stopped (exit code ${code})`)));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** Starts the watchdog while tasks run; it stops itself when the pool is idle. */
  private watch(): void {
    if (this.watchdog !== null) return;
    this.baselineRss = process.memoryUsage.rss();
    this.watchdog = setInterval(() => this.inspect(), WATCH_INTERVAL_MS);
    this.watchdog.unref();
  }

  private stopWatching(): void {
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  /** Stops a worker whose task ran too long, or the longest-running one when memory ran away. */
  private inspect(): void {
    const busy = this.slots.filter((s) => s.tasks.size > 0);
    if (busy.length === 0) {
      this.stopWatching();
      return;
    }
    const now = Date.now();
    for (const slot of busy) {
      const type = slot.tasks.values().next().value?.body.type ?? "";
      const limit = type.startsWith("ocr") ? OCR_TIMEOUT_MS : this.taskTimeoutMs;
      if (now - slot.runningSince > limit)
        this.stop(slot, {
          kind: "TIMEOUT",
          message: `one task ran for more than ${Math.round(limit / 1000)} s`,
        });
    }
    if (this.maxGrowthBytes <= 0) return;
    const rss = process.memoryUsage.rss();
    this.baselineRss = Math.min(this.baselineRss, rss);
    if (rss - this.baselineRss <= this.maxGrowthBytes) return;
    const longest = this.slots
      .filter((s) => s.tasks.size > 0)
      .sort((a, b) => a.runningSince - b.runningSince)[0];
    if (longest !== undefined)
      this.stop(longest, {
        kind: "MEMORY",
        message: `memory grew by more than ${Math.round(this.maxGrowthBytes / 2 ** 20)} MiB`,
      });
  }

  /**
   * Gives up a task whose import was stopped. Queued: it leaves the queue. Running: its worker is
   * terminated (pdf.js cannot be interrupted mid-task) and the task it held in reserve goes back
   * to the front of the queue; a fresh worker starts when there is work. Held in reserve behind
   * another task: the worker still runs it, but its answer is dropped (a terminate would also kill
   * the other document's running task). Either way the task rejects at once.
   */
  private cancel(task: Task): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      task.reject(new PdfTaskCancelledError());
      return;
    }
    const slot = this.slots.find((s) => [...s.tasks.values()].includes(task));
    if (slot === undefined) return;
    if ([...slot.tasks.values()][0] !== task) {
      task.cancelled = true;
      task.reject(new PdfTaskCancelledError());
      return;
    }
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    const reserve = [...slot.tasks.values()].slice(1);
    slot.tasks.clear();
    task.reject(new PdfTaskCancelledError());
    this.queue.unshift(...reserve);
    void slot.worker.terminate();
    if (!this.disposed) this.pump();
  }

  /**
   * Terminates a worker: its running task fails with `error`, the task it held in reserve goes
   * back to the front of the queue, and the next pump starts a fresh worker.
   */
  private stop(slot: Slot, error: PdfTaskError): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    const [running, ...reserve] = [...slot.tasks.values()];
    slot.tasks.clear();
    running?.reject(new PdfTaskFailedError(error));
    this.queue.unshift(...reserve);
    void slot.worker.terminate();
    if (!this.disposed) this.pump();
  }
}
