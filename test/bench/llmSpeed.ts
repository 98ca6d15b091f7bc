/**
 * Chat model speed through the product's own runtime (LlamaRuntime + LlamaGenerator) in this
 * process, or with --host 1 through the model-host process (ModelHostClient + HostedGenerator,
 * the weights in a child process with UV_THREADPOOL_SIZE=1, this process only counting tokens): prefill tok/s (one prompt of --prefill tokens), generation tok/s (--tokens tokens of a
 * chat answer), time to first token for a packed context of --ttft-tokens tokens, and with
 * --responsive the event loop's delay and a concurrent LanceDB vector search's latency while
 * generating, against the same figures idle. Prints one `RESULT {json}` line (test/bench/llm.ts
 * runs it in child processes, one per configuration).
 * Usage: npx tsx test/bench/llmSpeed.ts --model <gguf> [--threads N] [--tokens 64] [--prefill 512]
 *        [--ttft-tokens 3000] [--responsive 1] [--host 1]
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { connect } from "@lancedb/lancedb";
import { forkModelHost } from "../../electron/engine/forkModelHost";
import { HostedGenerator } from "../../electron/engine/llm/hostedServices";
import { LlamaGenerator } from "../../electron/engine/llm/LlamaGenerator";
import { LlamaRuntime } from "../../electron/engine/llm/LlamaRuntime";
import { ModelHostClient } from "../../electron/engine/llm/ModelHostClient";
import type { Generator } from "../../electron/engine/llm/types";
import { installNetworkGuard } from "../../electron/engine/net/networkGuard";
import { modelArg, modelEntry, passages } from "./benchModel";
import { percentile } from "./benchUtil";

installNetworkGuard();
const { model, values } = modelArg({
  threads: { type: "string" },
  tokens: { type: "string", default: "64" },
  prefill: { type: "string", default: "512" },
  "ttft-tokens": { type: "string", default: "3000" },
  responsive: { type: "string" },
  host: { type: "string" },
});
const entry = await modelEntry(model);
const threads = values.threads ? Number(values.threads) : undefined;
const ttftTokens = Number(values["ttft-tokens"]);
const contextSize = Math.max(4096, ttftTokens + 256);
const speedProbeTokens = Number(values.prefill);
const hosted = values.host === "1";
// The host's thread choice (calibrated when --threads is not given) is read back from this file.
const scratch = await mkdtemp(path.join(tmpdir(), "enclave-llm-speed-"));
const calibrationFile = path.join(scratch, "thread-calibration.json");
const runtime = new LlamaRuntime({ gpu: false, threads, idleUnloadMs: 0 });
const client = hosted
  ? new ModelHostClient({
      launch: forkModelHost(),
      runtime: { gpu: false, threads, idleUnloadMs: 0, calibrationFile },
    })
  : null;
const local = client
  ? null
  : await LlamaGenerator.create({ runtime, model: entry, contextSize, speedProbeTokens });
const generator: Generator =
  local ??
  (await HostedGenerator.create({
    client: client!,
    vocabRuntime: runtime,
    model: entry,
    contextSize,
    speedProbeTokens,
  }));

/** Threads of the generation context: the generator's own, or the host's calibrated choice. */
async function threadsInUse(): Promise<number> {
  if (local) return local.threadsInUse;
  if (threads !== undefined) return threads;
  const choices = JSON.parse(await readFile(calibrationFile, "utf8")) as Record<
    string,
    { threads: number }
  >;
  return Object.values(choices)[0]?.threads ?? NaN;
}
const question = (text: string) => [
  { role: "system" as const, content: "Answer only from the sources and cite them as [n]." },
  { role: "user" as const, content: `${text}\n\nQuestion: how is the pump checked?` },
];
const maxTokens = Number(values.tokens);

async function generation(): Promise<number> {
  const start = performance.now();
  const result = await generator.generate(question(`[1] ${passages(1, 60)[0]}`), {
    maxTokens,
    temperature: 0,
  });
  const seconds = (performance.now() - start - result.timeToFirstTokenMs) / 1000;
  if (result.generatedTokens < maxTokens / 2)
    console.error(`warning: only ${result.generatedTokens} tokens generated`);
  return Math.max(0, result.generatedTokens - 1) / Math.max(seconds, 1e-6);
}

const launched = performance.now();
await generator.generate(question("warm up"), { maxTokens: 2 });
const firstAnswerMs = performance.now() - launched;
const prefillTokS = await generator.promptTokensPerSecond();
const genTokS = Math.max(await generation(), await generation());

// A packed context of about ttftTokens tokens, then the first answer token.
let ttftMs = NaN;
if (ttftTokens > 0) {
  const words = passages(40, 200).join("\n\n");
  let text = words;
  while (generator.countTokens(text) > ttftTokens - 60)
    text = text.slice(0, Math.floor(text.length * 0.95));
  const result = await generator.generate(question(text), { maxTokens: 1, temperature: 0 });
  ttftMs = result.timeToFirstTokenMs;
  console.error(`ttft: ${result.promptTokens} prompt tokens, ${ttftMs.toFixed(0)} ms`);
}

let responsive: Record<string, number> = {};
if (values.responsive !== undefined) responsive = await responsiveness();

console.log(
  `RESULT ${JSON.stringify({ threads: await threadsInUse(), prefillTokS, genTokS, ttftMs, firstAnswerMs, ...responsive })}`,
);
await generator.dispose();
await client?.dispose();
await runtime.dispose();
await rm(scratch, { recursive: true, force: true });

/** Event-loop delay p99 and vector-search p95 (ms), idle and while the model generates. */
async function responsiveness(): Promise<Record<string, number>> {
  const dir = await mkdtemp(path.join(tmpdir(), "enclave-llm-bench-"));
  try {
    const db = await connect(dir);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    const rows = Array.from({ length: 20_000 }, (_, id) => ({
      id,
      vector: Array.from({ length: 384 }, rnd),
    }));
    const table = await db.createTable("v", rows);
    const query = Array.from({ length: 384 }, rnd);
    const measure = async (during: () => Promise<unknown>) => {
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const searches: number[] = [];
      let done = false;
      const work = during().finally(() => (done = true));
      while (!done) {
        const t = performance.now();
        await table.vectorSearch(query).limit(10).toArray();
        searches.push(performance.now() - t);
      }
      await work;
      loop.disable();
      return {
        loopP99: loop.percentile(99) / 1e6,
        searchP95: percentile(searches, 95),
        searches: searches.length,
      };
    };
    const idle = await measure(() => new Promise((r) => setTimeout(r, 3000)));
    const busy = await measure(() =>
      generator.generate(question(`[1] ${passages(1, 60)[0]}`), {
        maxTokens: maxTokens * 2,
        temperature: 0,
      }),
    );
    return {
      idleLoopP99Ms: idle.loopP99,
      genLoopP99Ms: busy.loopP99,
      idleSearchP95Ms: idle.searchP95,
      genSearchP95Ms: busy.searchP95,
      genSearches: busy.searches,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
