/**
 * Parse throughput: Enclave's PDF import (worker pool, page text, headings) against
 * single-threaded `pdftotext` on the same files, in the same run.
 *
 *   npx tsx test/bench/parseOnly.ts [corpusDir] [--chunk]
 *
 * corpusDir defaults to ../shared/corpus. Files are parsed in order, the next one starting while
 * the current one's pages are read (as the importer should pipeline them). pdftotext runs before and after Enclave and the two
 * timings are averaged, so load from other processes affects both sides alike. `--chunk` also
 * runs the chunker over the pages; `--sequential` parses one file at a time (no overlap). Prints pages/s for both, the ratio, the worst event-loop
 * delay during Enclave's run, and peak RSS (main thread and workers together). The worker pool is
 * started (PdfWorkerPool.warmUp) before the clock starts, as the app does once at startup; its
 * time is printed separately, with the ratio that counts it.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { promisify } from "node:util";
import { chunkPages } from "../../electron/engine/ingest/chunkPages";
import { parseDocument } from "../../electron/engine/ingest/parseDocument";
import { PdfWorkerPool } from "../../electron/engine/ingest/PdfWorkerPool";

const run = promisify(execFile);
const args = process.argv.slice(2);
const withChunks = args.includes("--chunk");
const sequential = args.includes("--sequential");
const dir = resolve(
  args.find((a) => !a.startsWith("--")) ?? join(import.meta.dirname, "../../../shared/corpus"),
);
const files = (await readdir(dir))
  .filter((f) => f.toLowerCase().endsWith(".pdf"))
  .sort()
  .map((f) => join(dir, f));

/** CPU seconds used by this process's finished children (Linux /proc; 0 elsewhere). */
function childCpuSeconds(): number {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
    // cutime and cstime are fields 16 and 17 of /proc/[pid]/stat (here 0-based after the name).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch (error) {
    void error;
    return 0;
  }
}

let popplerCpu = 0;
async function pdftotext(): Promise<number> {
  const c0 = childCpuSeconds();
  const t0 = performance.now();
  for (const f of files) await run("pdftotext", ["-q", f, "/dev/null"], { maxBuffer: 1 << 20 });
  popplerCpu += childCpuSeconds() - c0;
  return (performance.now() - t0) / 1000;
}

async function enclave(pool: PdfWorkerPool): Promise<{
  seconds: number;
  cpuSeconds: number;
  pages: number;
  chunks: number;
  worstDelayMs: number;
}> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let pages = 0;
  let chunks = 0;
  // The next file's parse starts while this one's pages are consumed, as an importer should do,
  // so workers do not idle at file boundaries.
  let upcoming = files[0] === undefined ? null : parseDocument(files[0], { pool });
  for (let i = 0; i < files.length; i++) {
    if (upcoming === null) break;
    const doc = await upcoming;
    const next = files[i + 1];
    upcoming = next === undefined ? null : sequential ? null : parseDocument(next, { pool });
    if (withChunks) {
      for await (const batch of chunkPages(doc.pages)) {
        pages += batch.pages.length;
        chunks += batch.chunks.length;
      }
    } else {
      for await (const _page of doc.pages) pages++;
    }
    if (sequential && next !== undefined) upcoming = parseDocument(next, { pool });
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  delay.disable();
  return {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    pages,
    chunks,
    worstDelayMs: delay.max / 1e6,
  };
}

const pool = new PdfWorkerPool();
console.log(
  `${files.length} PDFs in ${dir}; pool of ${pool.size} workers${withChunks ? "; chunking too" : ""}`,
);
const before = await pdftotext();
const w0 = performance.now();
await pool.warmUp();
const warmSeconds = (performance.now() - w0) / 1000;
const ours = await enclave(pool);
const after = await pdftotext();
await pool.dispose();
const popplerSeconds = (before + after) / 2;
const oursRate = ours.pages / ours.seconds;
const popplerRate = ours.pages / popplerSeconds;
console.log(
  `pdftotext (1 thread): ${popplerRate.toFixed(1)} pages/s (${before.toFixed(2)} s before, ${after.toFixed(2)} s after)`,
);
console.log(
  `enclave parse:        ${oursRate.toFixed(1)} pages/s (${ours.pages} pages in ${ours.seconds.toFixed(2)} s${withChunks ? `, ${ours.chunks} chunks` : ""})`,
);
console.log(`ratio enclave/pdftotext: ${(oursRate / popplerRate).toFixed(2)} (target >= 0.75)`);
console.log(
  `pool start (workers + pdf.js load, done once per app run): ${warmSeconds.toFixed(2)} s; ratio counting it: ${(ours.pages / (ours.seconds + warmSeconds) / popplerRate).toFixed(2)}`,
);
if (popplerCpu > 0) {
  const cpuRatio = popplerCpu / 2 / ours.cpuSeconds;
  console.log(
    `CPU time (load-independent): pdftotext ${(popplerCpu / 2).toFixed(2)} s, enclave ${ours.cpuSeconds.toFixed(2)} s (all threads); per-core efficiency ${cpuRatio.toFixed(2)}, so on ${pool.size} idle cores ~${(cpuRatio * pool.size).toFixed(2)}`,
  );
}
console.log(`worst event-loop delay: ${ours.worstDelayMs.toFixed(1)} ms (target < 100)`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (target < 1536)`);
