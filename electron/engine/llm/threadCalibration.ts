/**
 * The math-thread count for a model, chosen by measurement on the model actually loaded: a short
 * timed run of its workload at every count from 1 to the cores, the fewest threads within 5% of
 * the fastest (spare cores keep the window and the library search responsive). The workload is
 * what the model does for the user: an embedding or ranking model evaluates passages in batches;
 * a chat model evaluates a question's prompt in batches and then decodes its answer one token at
 * a time, and the two can favour different counts (on a 2-core machine a 1B model decoded about
 * as fast on 1 thread as on 2 while its prompt ran 1.7x faster on 2), so both are timed and
 * weighed as in a typical question. Remembered per model (its fast id), workload and machine
 * (CPU model, core count, backend), in memory and, when given a file, on disk, so the
 * measurement runs once per model on a machine, not at every start.
 */
import { availableParallelism, cpus } from "node:os";
import { readTextIfPresent } from "../support/readTextIfPresent";
import { SerialQueue } from "../support/serialQueue";
import { writeJsonAtomic } from "../support/writeJsonAtomic";

/** A thread count within this fraction of the fastest counts as fast as it. */
export const CALIBRATION_TOLERANCE = 0.05;

/** "generation": a chat model answering a question; "batch": embedding or ranking passages. */
export type Workload = "generation" | "batch";

/** Prompt tokens evaluated in one batch by a calibration run. */
export const BATCH_TOKENS = 64;

/** A typical question: prompt tokens (sources and question) per answer token. */
export const PROMPT_TOKENS_PER_ANSWER_TOKEN = 10;

/**
 * What a chat model's answer costs per answer token, in ms: one token decoded, plus its share of
 * the prompt evaluated in batches before it.
 */
export function generationCost(decodeMsPerToken: number, batchMsPerToken: number): number {
  return decodeMsPerToken + PROMPT_TOKENS_PER_ANSWER_TOKEN * batchMsPerToken;
}

export interface ThreadChoice {
  threads: number;
  /** The workload's cost in ms per token at 1, 2, ... threads (see generationCost). */
  msPerToken: number[];
}

/** Times `decode(threads)` (ms per token of the workload) for 1..cores threads and picks the count. */
export async function calibrateThreads(
  cores: number,
  decode: (threads: number) => Promise<number>,
): Promise<ThreadChoice> {
  const msPerToken: number[] = [];
  for (let threads = 1; threads <= Math.max(1, cores); threads++)
    msPerToken.push(await decode(threads));
  return { threads: pickThreads(msPerToken), msPerToken };
}

/** The fewest threads whose time per token is within CALIBRATION_TOLERANCE of the fastest. */
export function pickThreads(msPerToken: number[]): number {
  const valid = msPerToken.filter((ms) => Number.isFinite(ms) && ms > 0);
  if (valid.length === 0) return Math.max(1, msPerToken.length);
  const fastest = Math.min(...valid);
  const index = msPerToken.findIndex(
    (ms) => Number.isFinite(ms) && ms > 0 && ms <= fastest * (1 + CALIBRATION_TOLERANCE),
  );
  return index + 1;
}

/**
 * What a calibration depends on besides the model: the CPU, its cores, the backend and which
 * llama.cpp binary runs it (node-llama-cpp's prebuilt one or a local build, whose kernels can
 * differ in speed by 2x; see README "Models").
 */
export function machineKey(backend: string, binary: string): string {
  return `${cpus()[0]?.model.trim() ?? "cpu"}|${availableParallelism()}|${backend}|${binary}`;
}

/** Choices already measured, by model id and machine; persisted to `file` when given. */
export class ThreadCalibrationCache {
  private entries: Record<string, ThreadChoice> | null = null;
  private readonly writes = new SerialQueue();

  constructor(private readonly file: string | null) {}

  async get(modelId: string, machine: string): Promise<ThreadChoice | undefined> {
    return (await this.load())[`${modelId}|${machine}`];
  }

  async set(modelId: string, machine: string, choice: ThreadChoice): Promise<void> {
    const entries = await this.load();
    entries[`${modelId}|${machine}`] = choice;
    const file = this.file;
    if (file) await this.writes.run(() => writeJsonAtomic(file, entries));
  }

  private async load(): Promise<Record<string, ThreadChoice>> {
    if (this.entries) return this.entries;
    let read: Record<string, ThreadChoice> = {};
    if (this.file) {
      try {
        const parsed: unknown = JSON.parse((await readTextIfPresent(this.file)) ?? "{}");
        if (parsed && typeof parsed === "object") read = parsed as Record<string, ThreadChoice>;
      } catch {
        read = {}; // a damaged cache only costs a new measurement
      }
    }
    this.entries ??= read;
    return this.entries;
  }
}
