/** Runs the raw reference tools (llama-bench, llama-embedding) and parses their figures. */
import { execFileSync } from "node:child_process";
import { llamaCppTools } from "./llamaCppTools";

/** llama-bench's prompt-processing and generation tok/s for `model` at `threads` (averages of `reps`). */
export function rawLlamaBench(
  model: string,
  threads: number,
  { prefill = 512, tokens = 64, reps = 2 } = {},
): { prefillTokS: number; genTokS: number } {
  const { bench } = llamaCppTools();
  const out = execFileSync(
    bench,
    [
      "-m",
      model,
      "-t",
      String(threads),
      "-p",
      String(prefill),
      "-n",
      String(tokens),
      "-r",
      String(reps),
      "-ngl",
      "0",
      "-o",
      "json",
    ],
    { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"] },
  );
  const rows = JSON.parse(out) as { n_prompt: number; n_gen: number; avg_ts: number }[];
  const pp = rows.find((r) => r.n_prompt > 0 && r.n_gen === 0);
  const tg = rows.find((r) => r.n_gen > 0 && r.n_prompt === 0);
  return { prefillTokS: pp?.avg_ts ?? NaN, genTokS: tg?.avg_ts ?? NaN };
}
