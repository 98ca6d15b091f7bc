/**
 * Embedding throughput: chunks per second with 1 vs N parallel embedding contexts.
 * Usage: npx tsx test/bench/embed.ts --model <gguf> [--chunks 64]
 */
import { availableParallelism } from "node:os";
import { LlamaEmbedder } from "../../electron/engine/llm/LlamaEmbedder";
import { LlamaRuntime } from "../../electron/engine/llm/LlamaRuntime";
import { installNetworkGuard } from "../../electron/engine/net/networkGuard";
import { modelArg, modelEntry, passages } from "./benchModel";

installNetworkGuard();
const { model, values } = modelArg({ chunks: { type: "string", default: "64" } });
const entry = await modelEntry(model);
const texts = passages(Number(values.chunks));
// Threads fixed at all cores so the comparison is contexts, not calibration.
const runtime = new LlamaRuntime({ gpu: false, idleUnloadMs: 0, threads: Number.MAX_SAFE_INTEGER });
const cores = await runtime.threads();
console.log(
  `model ${entry.file}, ${texts.length} chunks of ~120 words, ${cores} math cores (${availableParallelism()} CPUs)`,
);
const settings = [...new Set([1, 2, cores])];
for (const contexts of settings) {
  const embedder = new LlamaEmbedder({ runtime, model: entry, contexts });
  await embedder.embed(texts.slice(0, 2)); // warm-up: load the model and create the contexts
  const start = performance.now();
  const { vectors, truncated } = await embedder.embed(texts);
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `contexts=${contexts} threads/context=${Math.max(1, Math.floor(cores / contexts))}: ${(vectors.length / seconds).toFixed(1)} chunks/s ` +
      `(${seconds.toFixed(2)} s, ${truncated} truncated, ${vectors[0]?.length} dims)`,
  );
  await embedder.dispose();
}
await runtime.dispose();
