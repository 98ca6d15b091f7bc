/**
 * npm run bench:llm -- --shape llama-3.2-1b-q4_0 (or --model <gguf>): chat model speed through
 * the product's own runtime next to llama.cpp's own `llama-bench` on the same file, threads and
 * machine, in the same run: prefill and generation tok/s at 1 thread and at all cores, in this
 * process's setting (libuv's default pool) and with the pool at one thread (UV_THREADPOOL_SIZE=1,
 * as a dedicated model process would run); then, with the thread count the runtime chooses by
 * calibration, time to first token for a 3,000-token packed context and the event loop's delay
 * and a concurrent LanceDB search's p95 while generating. Then the engine's own overhead per
 * question (test/bench/engineOverhead.ts). Ends with one `bench:llm key=value` line.
 * Options: --tokens 64 --prefill 512 --ttft-tokens 3000 --reps 2 --no-overhead
 */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, parseArgs } from "./benchUtil";
import { rawLlamaBench } from "./raw/llamaBench";
import { shapeModelPath } from "./shapes/modelShapes";

const here = path.dirname(fileURLToPath(import.meta.url));
const { flags } = parseArgs(process.argv.slice(2));
const shape = flags.get("shape");
const model = shape ? await shapeModelPath(shape) : flags.get("model");
if (!model) {
  console.error("Usage: npm run bench:llm -- --shape <name> | --model <gguf>");
  process.exit(2);
}
const tokens = flags.get("tokens") ?? "64";
const prefill = flags.get("prefill") ?? "512";
const reps = Number(flags.get("reps") ?? "2");
const cores = availableParallelism();

interface Probe {
  threads: number;
  prefillTokS: number;
  genTokS: number;
  ttftMs: number;
  idleLoopP99Ms?: number;
  genLoopP99Ms?: number;
  idleSearchP95Ms?: number;
  genSearchP95Ms?: number;
}

function probe(args: string[], env: Record<string, string> = {}): Probe {
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(here, "llmSpeed.ts"),
      "--model",
      model as string,
      "--tokens",
      tokens,
      "--prefill",
      prefill,
      ...args,
    ],
    {
      encoding: "utf8",
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 16 << 20,
    },
  );
  const line = run.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`llmSpeed.ts failed (status ${run.status}):\n${run.stdout}`);
  return JSON.parse(line.slice(7)) as Probe;
}

console.log(
  `== ${shape ?? model}: ${cores} cores; prefill ${prefill} tokens, generation ${tokens} tokens`,
);
const rows: { threads: number; raw: ReturnType<typeof rawLlamaBench>; pool: Probe; uv1: Probe }[] =
  [];
for (const threads of [...new Set([1, cores])]) {
  const raw = rawLlamaBench(model, threads, {
    prefill: Number(prefill),
    tokens: Number(tokens),
    reps,
  });
  const pool = probe(["--threads", String(threads), "--ttft-tokens", "0"]);
  const uv1 = probe(["--threads", String(threads), "--ttft-tokens", "0"], {
    UV_THREADPOOL_SIZE: "1",
  });
  rows.push({ threads, raw, pool, uv1 });
  for (const [name, p] of [
    ["product (libuv pool of 4)", pool],
    ["product (UV_THREADPOOL_SIZE=1)", uv1],
  ] as const)
    console.log(
      `threads=${threads} ${name}: prefill ${fmt(p.prefillTokS)} tok/s (${fmt(p.prefillTokS / raw.prefillTokS, 2)}x), ` +
        `generation ${fmt(p.genTokS, 2)} tok/s (${fmt(p.genTokS / raw.genTokS, 2)}x)`,
    );
  console.log(
    `threads=${threads} llama-bench: prefill ${fmt(raw.prefillTokS)} tok/s, generation ${fmt(raw.genTokS, 2)} tok/s`,
  );
}

// The runtime's own choice, with TTFT and responsiveness.
const chosen = probe(["--ttft-tokens", flags.get("ttft-tokens") ?? "3000", "--responsive", "1"]);
const best = rows.reduce((a, b) => (b.pool.genTokS > a.pool.genTokS ? b : a));
const atChosen = rows.find((r) => r.threads === chosen.threads) ?? best;
console.log(
  `chosen threads=${chosen.threads} (best measured ${best.threads}): TTFT ${fmt(chosen.ttftMs, 0)} ms for a packed context; ` +
    `event loop p99 ${fmt(chosen.idleLoopP99Ms ?? NaN)} ms idle, ${fmt(chosen.genLoopP99Ms ?? NaN)} ms while generating; ` +
    `LanceDB search p95 ${fmt(chosen.idleSearchP95Ms ?? NaN)} ms idle, ${fmt(chosen.genSearchP95Ms ?? NaN)} ms while generating`,
);

if (!flags.has("no-overhead")) {
  console.log("\n== engine overhead per question");
  spawnSync(process.execPath, ["--import", "tsx", path.join(here, "engineOverhead.ts")], {
    stdio: "inherit",
  });
}

const r = atChosen;
console.log(
  `bench:llm shape=${shape ?? path.basename(model)} threads=${r.threads} gen_tok_s=${fmt(r.pool.genTokS, 2)} raw_gen_tok_s=${fmt(r.raw.genTokS, 2)} ` +
    `gen_ratio=${fmt(r.pool.genTokS / r.raw.genTokS, 2)} prefill_tok_s=${fmt(r.pool.prefillTokS)} raw_prefill_tok_s=${fmt(r.raw.prefillTokS)} ` +
    `prefill_ratio=${fmt(r.pool.prefillTokS / r.raw.prefillTokS, 2)} uv1_gen_ratio=${fmt(r.uv1.genTokS / r.raw.genTokS, 2)} ` +
    `uv1_prefill_ratio=${fmt(r.uv1.prefillTokS / r.raw.prefillTokS, 2)} chosen_threads=${chosen.threads} best_threads=${best.threads} ` +
    `ttft_ms=${fmt(chosen.ttftMs, 0)} loop_p99_ms=${fmt(chosen.genLoopP99Ms ?? NaN)} search_p95_ms=${fmt(chosen.genSearchP95Ms ?? NaN)} ` +
    `idle_search_p95_ms=${fmt(chosen.idleSearchP95Ms ?? NaN)}`,
);
