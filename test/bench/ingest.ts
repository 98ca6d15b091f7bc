/**
 * npm run bench:ingest -- [files...] [--embed-shape bge-small | --embed-model <gguf>] [--contexts n]
 * With a model: the import with embedding against parse-only and embed-only (ingestEmbed.ts).
 * Without: the whole import (start until the index is committed and searchable) against single-threaded
 * `pdftotext` on the same files, measured in the same run: pages/s of each and their ratio, peak
 * RSS, and the worst event-loop delay during the import.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Engine } from "../../electron/engine/Engine";
import { defaultCorpusDir, fmt, parseArgs, pdfFilesIn, pdfPageCount } from "./benchUtil";
import { benchIngestWithEmbedding } from "./ingestEmbed";

const { positionals, flags } = parseArgs(process.argv.slice(2));
const files =
  positionals.length > 0 ? positionals.map((f) => path.resolve(f)) : pdfFilesIn(defaultCorpusDir);
const pages = files.reduce((sum, f) => sum + pdfPageCount(f), 0);
console.log(`${files.length} files, ${pages} pages`);
if (flags.has("embed-shape") || flags.has("embed-model")) {
  await benchIngestWithEmbedding({
    files,
    pages,
    shape: flags.get("embed-shape"),
    model: flags.get("embed-model"),
    contexts: flags.has("contexts") ? Number(flags.get("contexts")) : undefined,
  });
  process.exit(0);
}

// Reference: pdftotext, one process at a time (single-threaded), output discarded.
const t0 = performance.now();
for (const f of files) execFileSync("pdftotext", ["-q", f, "/dev/null"]);
const refSeconds = (performance.now() - t0) / 1000;
const refRate = pages / refSeconds;
console.log(`pdftotext (1 thread): ${fmt(refSeconds, 2)} s, ${fmt(refRate)} pages/s`);

const dataDir =
  flags.get("data-dir") ?? mkdtempSync(path.join(os.tmpdir(), "enclave-bench-ingest-"));
const loop = monitorEventLoopDelay({ resolution: 10 });
const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const t1 = performance.now();
const engine = await Engine.create({ dataDir });
// The delay a user would feel in a running app: from the import's start (engine already loaded;
// loading native modules at start-up blocks once, before any window work).
loop.enable();
const report = await engine.importPaths({
  collection: "default",
  requestId: "bench",
  paths: files,
});
// Searchable: one query through the same path a user takes.
await engine.search({ query: "install", collections: ["default"], limit: 1 });
loop.disable();
const importSeconds = (performance.now() - t1) / 1000;
clearInterval(rssTimer);
peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
await engine.close();

const failed = report.results.filter((r) => !r.ok);
for (const f of failed) console.log(`FAILED ${f.file}: ${f.error?.message}`);
const importRate = pages / importSeconds;
console.log(
  `enclave import:       ${fmt(importSeconds, 2)} s, ${fmt(importRate)} pages/s (${report.results.reduce((s, r) => s + (r.chunks ?? 0), 0)} passages)`,
);
console.log(`ratio import/pdftotext: ${fmt(importRate / refRate, 2)}x (target >= 0.75x)`);
console.log(`peak RSS: ${fmt(peakRss / 2 ** 20, 0)} MiB (target < 1536 MiB)`);
console.log(
  `worst event-loop delay: ${fmt(loop.max / 1e6, 1)} ms (target < 100 ms), p99 ${fmt(loop.percentile(99) / 1e6, 1)} ms`,
);
if (!flags.has("data-dir")) rmSync(dataDir, { recursive: true, force: true });
