/**
 * What the allow-list check at model load costs: SHA-256 of a multi-GB file as Enclave hashes it
 * (streamed, on the event loop) next to `cat file > /dev/null`, `sha256sum file` and
 * `openssl dgst -sha256 file` (the same SHA-256 code as Node's, with SHA extensions) of the same
 * file in the same run, from disk (the file dropped from the page cache first) and from the page
 * cache, plus the worst event-loop delay while hashing and the cost of a second check of the
 * unchanged file in the same process.
 *
 *   npm run bench:model-hash -- [--gb 4] [--dir /tmp] [--sparse] [--keep]
 */
import { execFileSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { open, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { ModelAllowList, hashFileWithIdentity } from "../../electron/engine/llm/ModelAllowList";
import { fmt, parseArgs } from "./benchUtil";

const { flags } = parseArgs(process.argv.slice(2));
const gb = Number(flags.get("gb") ?? 4);
const sparse = flags.has("sparse");
const dir = await mkdtemp(path.join(flags.get("dir") ?? tmpdir(), "enclave-bench-hash-"));
const file = path.join(dir, "model.gguf");
const bytes = Math.round(gb * 1e9);

/** Real bytes (random, so nothing can skip or compress them) or a sparse file of zeros. */
async function makeFile(): Promise<void> {
  const handle = await open(file, "w");
  try {
    if (sparse) await handle.truncate(bytes);
    else {
      const block = randomFillSync(Buffer.alloc(64 * 2 ** 20));
      for (let at = 0; at < bytes; at += block.length)
        await handle.write(block, 0, Math.min(block.length, bytes - at), at);
      await handle.sync();
    }
  } finally {
    await handle.close();
  }
}

/** Drops the file's pages from the page cache (posix_fadvise DONTNEED through GNU dd); no root needed. */
function dropFromCache(): void {
  execFileSync("dd", [`if=${file}`, "iflag=nocache", "count=0", "status=none"]);
}

async function timed(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

const rate = (seconds: number): string => `${fmt(bytes / 1e9 / seconds, 2)} GB/s`;

async function ours(): Promise<{ seconds: number; worstDelayMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const seconds = await timed(() => hashFileWithIdentity(file));
  delay.disable();
  return { seconds, worstDelayMs: delay.max / 1e6 };
}

async function run(cold: boolean): Promise<void> {
  const prepare = cold
    ? dropFromCache
    : () => execFileSync("sh", ["-c", `cat "${file}" >/dev/null`]);
  prepare();
  const cat = await timed(() => execFileSync("sh", ["-c", `cat "${file}" >/dev/null`]));
  prepare();
  const sum = await timed(() => execFileSync("sha256sum", [file]));
  prepare();
  const ssl = await timed(() => execFileSync("openssl", ["dgst", "-sha256", file]));
  prepare();
  const mine = await ours();
  const label = cold ? "from disk  " : "page cache ";
  console.log(
    `${label} cat ${rate(cat)} | sha256sum ${rate(sum)} | openssl dgst ${rate(ssl)} | ` +
      `Enclave ${rate(mine.seconds)} (${fmt(mine.seconds, 1)} s, ${fmt(sum / mine.seconds, 2)}x sha256sum, ` +
      `${fmt(ssl / mine.seconds, 2)}x openssl, worst event-loop delay ${fmt(mine.worstDelayMs, 0)} ms)`,
  );
}

try {
  console.log(`${fmt(gb, 1)} GB ${sparse ? "sparse" : "random"} file in ${dir}`);
  await makeFile();
  await run(true);
  await run(false);
  const sha = execFileSync("sha256sum", [file], { encoding: "utf8" }).split(" ")[0]!;
  const list = new ModelAllowList([sha], { reuseHashes: true });
  const first = await timed(() => list.check(file));
  const again = await timed(() => list.check(file));
  console.log(
    `allow-list check at load: first ${fmt(first, 2)} s, again with the file unchanged ${fmt(again * 1000, 2)} ms (this process's own hash reused)`,
  );
} finally {
  if (!flags.has("keep")) await rm(dir, { recursive: true, force: true });
}
