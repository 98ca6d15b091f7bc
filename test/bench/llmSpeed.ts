/**
 * Chat model speed on this machine: time to first token, prompt tokens/s, generated tokens/s,
 * for 1 thread and for all math cores.
 * Usage: npx tsx test/bench/llmSpeed.ts --model <gguf> [--tokens 64]
 */
import { LlamaGenerator } from "../../electron/engine/llm/LlamaGenerator";
import { LlamaRuntime } from "../../electron/engine/llm/LlamaRuntime";
import { installNetworkGuard } from "../../electron/engine/net/networkGuard";
import { modelArg, modelEntry, passages } from "./benchModel";

installNetworkGuard();
const { model, values } = modelArg({ tokens: { type: "string", default: "64" } });
const entry = await modelEntry(model);
const probe = new LlamaRuntime({ gpu: false });
const cores = await probe.threads();
await probe.dispose();

for (const threads of [...new Set([1, cores]), undefined]) {
  const runtime = new LlamaRuntime({ gpu: false, threads, idleUnloadMs: 0 });
  const generator = await LlamaGenerator.create({
    runtime,
    model: entry,
    contextSize: Math.min(entry.contextLength || 2048, 2048),
  });
  const messages = [
    { role: "system" as const, content: "Answer only from the sources and cite them as [n]." },
    {
      role: "user" as const,
      content: `[1] ${passages(1, 150)[0]}\n\nQuestion: how is the pump checked?`,
    },
  ];
  await generator.generate([{ role: "user", content: "warm up" }], { maxTokens: 2 });
  const promptSpeed = await generator.promptTokensPerSecond();
  const start = performance.now();
  const result = await generator.generate(messages, {
    maxTokens: Number(values.tokens),
    temperature: 0,
  });
  const total = (performance.now() - start) / 1000;
  const genSeconds = total - result.timeToFirstTokenMs / 1000;
  console.log(
    `threads=${threads ?? `auto→${generator.threadsInUse}`} (${runtime.backend}): prompt ${result.promptTokens} tokens, time to first token ${result.timeToFirstTokenMs.toFixed(0)} ms, ` +
      `prompt ${promptSpeed.toFixed(0)} tok/s, generated ${result.generatedTokens} tokens at ${(Math.max(0, result.generatedTokens - 1) / Math.max(genSeconds, 1e-6)).toFixed(1)} tok/s`,
  );
  await generator.dispose();
  await runtime.dispose();
}
