/**
 * npm run bench:embed -- --shape bge-small (or --model <gguf>): passages per second through the
 * product's embedder (LlamaRuntime + LlamaEmbedder) next to llama.cpp's own `llama-embedding` on
 * the same passages, model, threads and machine, in the same run; then the product's default
 * setting (its parallel contexts and calibrated threads), in this process and through the
 * model-host process (ModelHostClient + HostedEmbedder). llama-embedding is
 * used only when test/bench/raw has built it (this script never builds it).
 *
 * llama-embedding runs twice per round: with its default batching (-b 2048, which for a
 * non-causal model also makes the micro-batch 2048 tokens, several passages per decode) and with
 * 512-token batches (the model's context); the faster of the two is the reference. The machine's
 * speed drifts by tens of percent from minute to minute, so --rounds rounds (default 3)
 * interleave the reference and the product, and the ratios are the medians of the per-round
 * ratios. It also says which llama.cpp binary node-llama-cpp loaded (its prebuilt binary or a
 * local build from `npm run build:llama`). Ends with one `bench:embed` line.
 * Options: --chunks 128 --words 120 --threads <all cores> --rounds 3
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { forkModelHost } from "../../electron/engine/forkModelHost";
import { HostedEmbedder } from "../../electron/engine/llm/hostedServices";
import { LlamaEmbedder } from "../../electron/engine/llm/LlamaEmbedder";
import { LlamaRuntime } from "../../electron/engine/llm/LlamaRuntime";
import { ModelHostClient } from "../../electron/engine/llm/ModelHostClient";
import type { Embedder } from "../../electron/engine/llm/types";
import { installNetworkGuard } from "../../electron/engine/net/networkGuard";
import { modelEntry, passages } from "./benchModel";
import { fmt, parseArgs, percentile } from "./benchUtil";
import { llamaCppTools } from "./raw/llamaCppTools";
import { benchCacheDir, llamaCppRelease } from "./shapes/benchCache";
import { shapeModelPath } from "./shapes/modelShapes";

installNetworkGuard();
const { flags } = parseArgs(process.argv.slice(2));
const shape = flags.get("shape");
const model = shape ? await shapeModelPath(shape) : flags.get("model");
if (!model) {
  console.error("Usage: npm run bench:embed -- --shape <name> | --model <gguf>");
  process.exit(2);
}
const entry = await modelEntry(path.resolve(model));
const texts = passages(Number(flags.get("chunks") ?? "128"), Number(flags.get("words") ?? "120"));
const threads = Number(flags.get("threads") ?? availableParallelism());
console.log(
  `== ${shape ?? entry.file}: ${texts.length} passages of ~${flags.get("words") ?? 120} words, ${threads} threads`,
);

const rawReady = existsSync(
  path.join(
    benchCacheDir(),
    `llama.cpp-${llamaCppRelease().tag}-build-cpu`,
    "bin",
    "llama-embedding",
  ),
);

/** llama-embedding on the passages (one per line), with `batch` tokens per batch. */
async function raw(batch: number): Promise<{ perSecond: number; seconds: number }> {
  if (!rawReady) return { perSecond: NaN, seconds: NaN };
  const dir = await mkdtemp(path.join(tmpdir(), "enclave-embed-bench-"));
  try {
    const file = path.join(dir, "passages.txt");
    await writeFile(file, texts.join("\n"));
    const { embedding } = llamaCppTools();
    // llama.cpp logs its own timing (llama_perf_context_print, which needs --perf and a log
    // verbosity of 4) on stderr. Its "prompt eval time" leaves out part of each batch's wall
    // time (1.6 s of 2.9 s here), so the figure used is the wall time from the context's start
    // to the end ("total time") less the model load: tokenising and decoding every passage, as
    // the product's figure is. stdout (the vectors) is discarded.
    const run = spawnSync(
      embedding,
      [
        "-m",
        model as string,
        "-f",
        file,
        "-t",
        String(threads),
        "-tb",
        String(threads),
        "-ngl",
        "0",
        "-c",
        "512",
        "-b",
        String(batch),
        "-ub",
        String(Math.min(batch, 512)),
        "--perf",
        "-lv",
        "4",
        "--embd-output-format",
        "array",
      ],
      { encoding: "utf8", maxBuffer: 256 << 20, stdio: ["ignore", "ignore", "pipe"] },
    );
    const total = /total time =\s*([\d.]+) ms/.exec(run.stderr ?? "");
    const load = /load time =\s*([\d.]+) ms/.exec(run.stderr ?? "");
    if (run.status !== 0 || !total || !load)
      throw new Error(
        `llama-embedding failed (status ${run.status}):\n${run.stderr?.slice(-2000)}`,
      );
    const seconds = (Number(total[1]) - Number(load[1])) / 1000;
    return { perSecond: texts.length / seconds, seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function product(
  contexts: number | undefined,
  fixedThreads: number | undefined,
  hosted = false,
) {
  const runtime = new LlamaRuntime({ gpu: false, idleUnloadMs: 0, threads: fixedThreads });
  const client = hosted
    ? new ModelHostClient({
        launch: forkModelHost(),
        runtime: { gpu: false, idleUnloadMs: 0, threads: fixedThreads },
      })
    : null;
  const embedder: Embedder = client
    ? new HostedEmbedder({ client, model: entry, contexts })
    : new LlamaEmbedder({ runtime, model: entry, contexts });
  await embedder.embed(texts.slice(0, 2)); // load the model, create the contexts
  const start = performance.now();
  const { vectors } = await embedder.embed(texts);
  const seconds = (performance.now() - start) / 1000;
  // The host's runtime is in its process; it loads the same node-llama-cpp, so the same binary.
  if (runtime.binary !== null) binary = runtime.binary;
  await embedder.dispose();
  await client?.dispose();
  await runtime.dispose();
  return { perSecond: vectors.length / seconds, seconds };
}

const median = (values: number[]): number => percentile(values, 50);
/** The llama.cpp binary node-llama-cpp loaded here ("prebuilt" or "localBuild"). */
let binary = "unknown";
const rounds = Math.max(1, Number(flags.get("rounds") ?? "3"));
const rows: { raw: number; fixed: number; inProcess: number; hosted: number }[] = [];
for (let round = 1; round <= rounds; round++) {
  const batched = await raw(2048);
  const perContext = await raw(512);
  const best = Math.max(batched.perSecond, perContext.perSecond);
  const fixed = await product(1, threads);
  const inProcess = await product(undefined, undefined);
  const hosted = await product(undefined, undefined, true);
  rows.push({
    raw: best,
    fixed: fixed.perSecond,
    inProcess: inProcess.perSecond,
    hosted: hosted.perSecond,
  });
  console.log(
    rawReady
      ? `round ${round}: llama-embedding ${threads} threads: ${fmt(batched.perSecond)} passages/s batched (-b 2048), ${fmt(perContext.perSecond)} with 512-token batches; reference ${fmt(best)}`
      : `round ${round}: llama-embedding not built (test/bench/raw/llamaCppTools.ts)`,
  );
  console.log(
    `  product (${binary} llama.cpp): 1 context x ${threads} threads ${fmt(fixed.perSecond)} (${fmt(fixed.perSecond / best, 2)}x); ` +
      `in this process, parallel contexts and calibrated threads ${fmt(inProcess.perSecond)} (${fmt(inProcess.perSecond / best, 2)}x); ` +
      `default, model-host process ${fmt(hosted.perSecond)} (${fmt(hosted.perSecond / best, 2)}x)`,
  );
}
const ratio = (key: "fixed" | "inProcess" | "hosted"): number =>
  median(rows.map((r) => r[key] / r.raw));
const rate = (key: "raw" | "fixed" | "inProcess" | "hosted"): number =>
  median(rows.map((r) => r[key]));
console.log(
  `median of ${rows.length} rounds: reference ${fmt(rate("raw"))} passages/s; product default (model host) ${fmt(rate("hosted"))} = ${fmt(ratio("hosted"), 2)}x (target >= 0.9x); ` +
    `in this process ${fmt(rate("inProcess"))} = ${fmt(ratio("inProcess"), 2)}x; 1 context x ${threads} threads ${fmt(rate("fixed"))} = ${fmt(ratio("fixed"), 2)}x`,
);
console.log(
  `bench:embed shape=${shape ?? entry.file} threads=${threads} passages=${texts.length} rounds=${rows.length} llama_binary=${binary} ` +
    `raw_passages_s=${fmt(rate("raw"))} default_passages_s=${fmt(rate("hosted"))} default_ratio=${fmt(ratio("hosted"), 2)} ` +
    `inprocess_passages_s=${fmt(rate("inProcess"))} inprocess_ratio=${fmt(ratio("inProcess"), 2)} ` +
    `passages_s=${fmt(rate("fixed"))} ratio=${fmt(ratio("fixed"), 2)}`,
);
