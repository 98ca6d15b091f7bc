/**
 * npm run bench:hostile -- <folder of PDFs> [--data-dir DIR]
 * Imports a folder of hostile and odd PDFs (pdf.js's own test suite: test/pdfs of
 * mozilla/pdf.js, decompression bombs included) as one import, the way a user would, and
 * reports peak RSS of the process (parse workers are threads of it), the slowest file, how each
 * file ended (imported, or refused with which code), and, as the reference measured in the same
 * run, which files `pdftotext` extracts text from: none of those may be refused.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Engine } from "../../electron/engine/Engine";
import { fmt, parseArgs } from "./benchUtil";

const { positionals, flags } = parseArgs(process.argv.slice(2));
const folder = positionals[0];
if (folder === undefined) throw new Error("usage: npm run bench:hostile -- <folder of PDFs>");
const files = readdirSync(folder)
  .filter((f) => f.toLowerCase().endsWith(".pdf"))
  .map((f) => path.resolve(folder, f));

/** Whether pdftotext gets any letter or digit out of the file (30 s at most, as a user would wait). */
function pdftotextHasText(file: string): boolean {
  try {
    const out = execFileSync("pdftotext", ["-q", file, "-"], {
      timeout: 30_000,
      maxBuffer: 256 * 2 ** 20,
      encoding: "utf8",
    });
    return /[\p{L}\p{N}]/u.test(out);
  } catch {
    return false;
  }
}

const t0 = performance.now();
const withText = new Set(files.filter(pdftotextHasText));
console.log(
  `${files.length} PDFs; pdftotext extracts text from ${withText.size} (${fmt((performance.now() - t0) / 1000)} s)`,
);

const dataDir = flags.get("data-dir") ?? mkdtempSync(path.join(os.tmpdir(), "enclave-hostile-"));
let peakRss = process.memoryUsage().rss;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const engine = await Engine.create({ dataDir });
const started = new Map<string, number>();
const seconds = new Map<string, number>();
engine.on("importProgress", (e) => {
  if (e.kind === "started") started.set(e.path, performance.now());
  if (e.kind === "done" || e.kind === "failed")
    seconds.set(e.path, (performance.now() - (started.get(e.path) ?? performance.now())) / 1000);
});
const t1 = performance.now();
const report = await engine.importPaths({
  collection: "hostile",
  requestId: "bench",
  paths: files,
});
const wall = (performance.now() - t1) / 1000;
clearInterval(rssTimer);
await engine.close();
if (!flags.has("data-dir")) rmSync(dataDir, { recursive: true, force: true });

const byCode = new Map<string, number>();
for (const r of report.results) {
  const key = r.ok ? "imported" : (r.error?.code ?? "?");
  byCode.set(key, (byCode.get(key) ?? 0) + 1);
}
const lost = report.results.filter((r) => !r.ok && withText.has(r.path));
const slowest = [...seconds.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
console.log(`import: ${fmt(wall)} s for ${report.results.length} files`);
console.log(`outcomes: ${[...byCode.entries()].map(([k, n]) => `${k} ${n}`).join(", ")}`);
console.log(`slowest: ${slowest.map(([f, s]) => `${path.basename(f)} ${fmt(s)} s`).join(", ")}`);
console.log(`peak RSS: ${fmt(peakRss / 2 ** 20, 0)} MiB`);
for (const r of lost)
  console.log(
    `REFUSED although pdftotext reads it: ${r.file}: ${r.error?.code} ${r.error?.message}`,
  );
console.log(
  `bench:hostile files=${files.length} pdftotext_text=${withText.size} imported=${byCode.get("imported") ?? 0} refused_with_text=${lost.length} slowest_s=${fmt(slowest[0]?.[1] ?? 0)} peak_rss_mib=${fmt(peakRss / 2 ** 20, 0)} wall_s=${fmt(wall)}`,
);
