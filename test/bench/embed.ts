/**
 * npm run bench:embed -- --shape bge-small (or --model <gguf>): passages per second through the
 * product's embedder (LlamaRuntime + LlamaEmbedder) next to llama.cpp's own `llama-embedding` on
 * the same passages, model, threads and machine, in the same run; then the product's default
 * setting (its parallel contexts and calibrated threads), in this process and through the
 * model-host process (ModelHostClient + HostedEmbedder). llama-embedding is
 * used only when test/bench/raw has built it (this script never builds it). Ends with one
 * `bench:embed` line. Options: --chunks 128 --words 120 --threads <all cores>
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
import { fmt, parseArgs } from "./benchUtil";
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

/** llama-embedding on the passages (one per line): passages/s over its own prompt-eval time. */
async function raw(): Promise<{ perSecond: number; seconds: number }> {
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
        "2048",
        "-ub",
        "512",
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
  await embedder.dispose();
  await client?.dispose();
  await runtime.dispose();
  return { perSecond: vectors.length / seconds, seconds };
}

const r = await raw();
console.log(
  rawReady
    ? `llama-embedding, ${threads} threads: ${fmt(r.perSecond)} passages/s (${fmt(r.seconds, 2)} s)`
    : "llama-embedding: not built (test/bench/raw/llamaCppTools.ts)",
);
const p = await product(1, threads);
console.log(
  `product, 1 context x ${threads} threads: ${fmt(p.perSecond)} passages/s (${fmt(p.perSecond / r.perSecond, 2)}x)`,
);
const d = await product(undefined, undefined);
console.log(
  `product in this process (parallel contexts, calibrated threads): ${fmt(d.perSecond)} passages/s (${fmt(d.perSecond / r.perSecond, 2)}x)`,
);
const h = await product(undefined, undefined, true);
console.log(
  `product default, model-host process (parallel contexts, calibrated threads): ${fmt(h.perSecond)} passages/s (${fmt(h.perSecond / r.perSecond, 2)}x, ${fmt(h.perSecond / d.perSecond, 2)}x in-process)`,
);
console.log(
  `bench:embed shape=${shape ?? entry.file} threads=${threads} passages=${texts.length} passages_s=${fmt(p.perSecond)} ` +
    `raw_passages_s=${fmt(r.perSecond)} ratio=${fmt(p.perSecond / r.perSecond, 2)} default_passages_s=${fmt(h.perSecond)} ` +
    `default_ratio=${fmt(h.perSecond / r.perSecond, 2)} inprocess_passages_s=${fmt(d.perSecond)}`,
);
