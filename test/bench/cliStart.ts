/**
 * npm run bench:cli -- [--runs 7]
 * How long `npm run -s enclave -- --data-dir <empty> collections` takes from the shell, against
 * the floor any CLI on this stack pays: `node` importing @lancedb/lancedb and node-llama-cpp and
 * nothing else. The two alternate run by run (so a busy machine slows both alike); medians, their
 * ratio (target <= 2x), and `--help` for scale. The CLI is built first if its sources changed, so
 * no run pays for a build.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, parseArgs, percentile } from "./benchUtil";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const { flags } = parseArgs(process.argv.slice(2));
const runs = Number(flags.get("runs") ?? 7);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const empty = mkdtempSync(path.join(os.tmpdir(), "enclave-bench-cli-"));

function seconds(cmd: string, args: string[]): number {
  const start = performance.now();
  execFileSync(cmd, args, { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
  return (performance.now() - start) / 1000;
}

const cli = (): number =>
  seconds(npm, ["run", "-s", "enclave", "--", "--data-dir", empty, "collections"]);
const help = (): number => seconds(npm, ["run", "-s", "enclave", "--", "--help"]);
const floor = (): number =>
  seconds(process.execPath, [
    "--input-type=module",
    "-e",
    'await import("@lancedb/lancedb"); await import("node-llama-cpp");',
  ]);

// Warm-up: builds the CLI when stale, and fills the OS file cache for both.
cli();
floor();
const times = { cli: [] as number[], floor: [] as number[], help: [] as number[] };
for (let i = 0; i < runs; i++) {
  times.cli.push(cli());
  times.floor.push(floor());
  times.help.push(help());
}
rmSync(empty, { recursive: true, force: true });

const med = (v: number[]): number => percentile(v, 50);
const list = (v: number[]): string => v.map((s) => fmt(s, 2)).join(" ");
console.log(`enclave collections (npm run -s): ${list(times.cli)} s`);
console.log(`node importing lancedb + llama:   ${list(times.floor)} s`);
console.log(`enclave --help (npm run -s):      ${list(times.help)} s`);
const ratio = med(times.cli) / med(times.floor);
console.log(
  `median: collections ${fmt(med(times.cli), 3)} s, reference ${fmt(med(times.floor), 3)} s, ratio ${fmt(ratio, 2)}x (target <= 2x)`,
);
console.log(
  `bench:cli runs=${runs} cli_s=${fmt(med(times.cli), 3)} ref_s=${fmt(med(times.floor), 3)} help_s=${fmt(med(times.help), 3)} ratio=${fmt(ratio, 2)}`,
);
