/**
 * npm run bench:llm -- --shape llama-3.2-1b-q4_0 (or --model <gguf>): chat model speed through
 * the product's own runtime next to llama.cpp's own `llama-bench` on the same file, threads and
 * machine (when test/bench/raw has built it; this script never builds it), in the same run:
 * prefill and generation tok/s at 1 thread and at all cores in three settings, interleaved over
 * --rounds rounds in rotated order and reported as medians (the machine is shared and noisy):
 * models in this process with libuv's default pool, in this process with UV_THREADPOOL_SIZE=1,
 * and in the model-host process (the product's default). Then, with the thread count the runtime
 * chooses by calibration, in this process and through the host: time to first token for a packed
 * context and the event loop's delay and a concurrent LanceDB search's p95 while generating.
 * Then the engine's own overhead per question (test/bench/engineOverhead.ts). Ends with one
 * `bench:llm key=value` line (the product's figures are the host's).
 * Options: --tokens 64 --prefill 512 --ttft-tokens 3000 --reps 2 --rounds 3 --no-overhead
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, parseArgs, percentile } from "./benchUtil";
import { rawLlamaBench } from "./raw/llamaBench";
import { benchCacheDir, llamaCppRelease } from "./shapes/benchCache";
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
const rounds = Number(flags.get("rounds") ?? "3");
const { tag } = llamaCppRelease();
// Never builds llama.cpp here (a build is minutes of both cores): the raw reference is used when built.
const rawReady = existsSync(
  path.join(benchCacheDir(), `llama.cpp-${tag}-build-cpu`, "bin", "llama-bench"),
);
const cores = availableParallelism();

interface Probe {
  threads: number;
  prefillTokS: number;
  genTokS: number;
  ttftMs: number;
  firstAnswerMs?: number;
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
  `== ${shape ?? model}: ${cores} cores; prefill ${prefill} tokens, generation ${tokens} tokens; ${rounds} interleaved rounds, medians`,
);
const MODES = {
  pool: { label: "in-process (libuv pool of 4)", args: [], env: {} },
  uv1: { label: "in-process (UV_THREADPOOL_SIZE=1)", args: [], env: { UV_THREADPOOL_SIZE: "1" } },
  host: { label: "model-host process", args: ["--host", "1"], env: {} },
} as const;
type Mode = keyof typeof MODES;
const modeNames = Object.keys(MODES) as Mode[];
const threadCounts = [...new Set([1, cores])];
// The machine is shared and noisy: every configuration runs once per round, in a rotated order,
// and the medians are reported.
const samples = new Map<string, Probe[]>();
const rawSamples = new Map<number, { prefillTokS: number; genTokS: number }[]>();
for (let round = 0; round < rounds; round++) {
  for (const threads of threadCounts) {
    const order = modeNames.map((_, i) => modeNames[(i + round) % modeNames.length]!);
    for (const mode of order) {
      const p = probe([...MODES[mode].args, "--threads", String(threads), "--ttft-tokens", "0"], {
        ...MODES[mode].env,
      });
      console.log(
        `round ${round + 1} threads=${threads} ${MODES[mode].label}: prefill ${fmt(p.prefillTokS)} tok/s, generation ${fmt(p.genTokS, 2)} tok/s`,
      );
      samples.set(`${mode}:${threads}`, [...(samples.get(`${mode}:${threads}`) ?? []), p]);
    }
    if (rawReady) {
      const raw = rawLlamaBench(model, threads, {
        prefill: Number(prefill),
        tokens: Number(tokens),
        reps,
      });
      rawSamples.set(threads, [...(rawSamples.get(threads) ?? []), raw]);
    }
  }
}
const med = (values: number[]) => percentile(values, 50);
const medianOf = (mode: Mode, threads: number) => {
  const list = samples.get(`${mode}:${threads}`) ?? [];
  return {
    threads,
    prefillTokS: med(list.map((p) => p.prefillTokS)),
    genTokS: med(list.map((p) => p.genTokS)),
    runs: list.map((p) => `${fmt(p.genTokS, 2)}/${fmt(p.prefillTokS)}`).join(" "),
  };
};
const rows = threadCounts.map((threads) => {
  const rawList = rawSamples.get(threads) ?? [];
  const raw = {
    prefillTokS: med(rawList.map((r) => r.prefillTokS)),
    genTokS: med(rawList.map((r) => r.genTokS)),
  };
  const byMode = Object.fromEntries(modeNames.map((m) => [m, medianOf(m, threads)])) as Record<
    Mode,
    ReturnType<typeof medianOf>
  >;
  console.log(`-- threads=${threads} (median; runs as gen/prefill tok/s)`);
  for (const m of modeNames) {
    const r = byMode[m];
    console.log(
      `   ${MODES[m].label}: prefill ${fmt(r.prefillTokS)} tok/s (${fmt(r.prefillTokS / raw.prefillTokS, 2)}x raw), ` +
        `generation ${fmt(r.genTokS, 2)} tok/s (${fmt(r.genTokS / raw.genTokS, 2)}x raw, ${fmt(r.genTokS / byMode.pool.genTokS, 2)}x in-process)  [${r.runs}]`,
    );
  }
  console.log(
    `   llama-bench: ${rawReady ? `prefill ${fmt(raw.prefillTokS)} tok/s, generation ${fmt(raw.genTokS, 2)} tok/s` : "not built (test/bench/raw/llamaCppTools.ts)"}`,
  );
  return { threads, raw, ...byMode };
});

// The runtime's own thread choice, with responsiveness, in process and through the host.
const responsive: Record<"pool" | "host", Probe[]> = { pool: [], host: [] };
for (let round = 0; round < Math.max(1, Math.min(rounds, 2)); round++)
  for (const mode of round % 2 === 0 ? (["pool", "host"] as const) : (["host", "pool"] as const))
    responsive[mode].push(
      probe([
        ...MODES[mode].args,
        "--ttft-tokens",
        flags.get("ttft-tokens") ?? "3000",
        "--responsive",
        "1",
      ]),
    );
const summary = (list: Probe[]) => ({
  threads: list[0]?.threads ?? NaN,
  ttftMs: med(list.map((p) => p.ttftMs)),
  idleLoopP99Ms: med(list.map((p) => p.idleLoopP99Ms ?? NaN)),
  genLoopP99Ms: med(list.map((p) => p.genLoopP99Ms ?? NaN)),
  idleSearchP95Ms: med(list.map((p) => p.idleSearchP95Ms ?? NaN)),
  genSearchP95Ms: med(list.map((p) => p.genSearchP95Ms ?? NaN)),
});
const chosenPool = summary(responsive.pool);
const chosenHost = summary(responsive.host);
const best = rows.reduce((a, b) => (b.host.genTokS > a.host.genTokS ? b : a));
for (const [name, c] of [
  ["in-process", chosenPool],
  ["model-host", chosenHost],
] as const)
  console.log(
    `${name}: chosen threads=${c.threads}: TTFT ${fmt(c.ttftMs, 0)} ms for a packed context; ` +
      `event loop p99 ${fmt(c.idleLoopP99Ms)} ms idle, ${fmt(c.genLoopP99Ms)} ms while generating; ` +
      `LanceDB search p95 ${fmt(c.idleSearchP95Ms)} ms idle, ${fmt(c.genSearchP95Ms)} ms while generating`,
  );
const chosen = chosenHost;
const atChosen = rows.find((r) => r.threads === chosen.threads) ?? best;

if (!flags.has("no-overhead")) {
  console.log("\n== engine overhead per question");
  spawnSync(process.execPath, ["--import", "tsx", path.join(here, "engineOverhead.ts")], {
    stdio: "inherit",
  });
}

const r = atChosen;
// The product's figure is the model-host process (the default; see ModelHostClient.ts).
console.log(
  `bench:llm shape=${shape ?? path.basename(model)} threads=${r.threads} gen_tok_s=${fmt(r.host.genTokS, 2)} raw_gen_tok_s=${fmt(r.raw.genTokS, 2)} ` +
    `gen_ratio=${fmt(r.host.genTokS / r.raw.genTokS, 2)} prefill_tok_s=${fmt(r.host.prefillTokS)} raw_prefill_tok_s=${fmt(r.raw.prefillTokS)} ` +
    `prefill_ratio=${fmt(r.host.prefillTokS / r.raw.prefillTokS, 2)} inprocess_gen_tok_s=${fmt(r.pool.genTokS, 2)} uv1_gen_tok_s=${fmt(r.uv1.genTokS, 2)} ` +
    `host_vs_inprocess_gen=${fmt(r.host.genTokS / r.pool.genTokS, 2)} host_vs_inprocess_prefill=${fmt(r.host.prefillTokS / r.pool.prefillTokS, 2)} ` +
    `chosen_threads=${chosen.threads} best_threads=${best.threads} ttft_ms=${fmt(chosen.ttftMs, 0)} loop_p99_ms=${fmt(chosen.genLoopP99Ms)} ` +
    `search_p95_ms=${fmt(chosen.genSearchP95Ms)} idle_search_p95_ms=${fmt(chosen.idleSearchP95Ms)} ` +
    `inprocess_loop_p99_ms=${fmt(chosenPool.genLoopP99Ms)} inprocess_search_p95_ms=${fmt(chosenPool.genSearchP95Ms)} rounds=${rounds}`,
);
