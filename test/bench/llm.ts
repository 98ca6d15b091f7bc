/**
 * npm run bench:llm -- --model <gguf>: the chat model's speed on this machine (time to first
 * token, prompt and generated tokens/s; test/bench/llmSpeed.ts), then the engine's own overhead
 * per question with model time excluded (test/bench/engineOverhead.ts).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const modelIndex = args.indexOf("--model");
const modelArgs = modelIndex >= 0 ? args.slice(modelIndex, modelIndex + 2) : [];
const rest = args.filter((_, i) => i !== modelIndex && i !== modelIndex + 1);
const run = (script: string, argv: string[]): number =>
  spawnSync(process.execPath, ["--import", "tsx", path.join(here, script), ...argv], {
    stdio: "inherit",
  }).status ?? 1;

console.log("== model speed");
if (modelArgs.length === 2) run("llmSpeed.ts", modelArgs);
else console.log("(no --model given: skipped)");
console.log("\n== engine overhead per question");
process.exitCode = run("engineOverhead.ts", rest);
