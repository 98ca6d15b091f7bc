/**
 * bench:ocr-retrieval — retrieval over scans against retrieval over the same pages' text layer.
 * Slices of ../shared/corpus PDFs around dev-set gold pages are copied twice: once as they are
 * (text layer), once rasterised at the product's OCR resolution into image-only PDFs (one JPEG per
 * page, no text). Each copy is imported into a fresh data folder through the product (the scans
 * are read with OCR in the parse pool's workers), and the dev-set questions whose gold pages lie in
 * the slices are asked of both: hit@1 / hit@5 / MRR@10 side by side (full-text search, no models).
 *
 *   npm run bench:ocr-retrieval [-- --slices "R-FAQ.pdf:31-44,R-admin.pdf:4-32" --limit 10 --keep]
 *
 * Ends with one `key=value` summary line.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import { PDFDocument } from "pdf-lib";
import { Engine } from "../../electron/engine/Engine";
import { OCR_DPI } from "../../electron/engine/ingest/ocr/ocrTasks";
import { renderPdfPage } from "../../electron/engine/ingest/ocr/renderPdfPage";
import { openPdf } from "../../electron/engine/ingest/pdfTasks";
import type { ImportEvent, Passage } from "../../shared/types";
import { defaultCorpusDir, defaultDevset, fmt, parseArgs } from "./benchUtil";
import { isHit, loadQuestions, scoreRankings, type HitCandidate } from "./devset";

const { flags } = parseArgs(process.argv.slice(2));
/**
 * Default slices: 61 pages of four manuals around dev-set gold pages, with neighbouring pages as
 * distractors (12 answerable questions; about 10 minutes on a loaded 2-core machine).
 */
const DEFAULT_SLICES = "R-FAQ.pdf:31-44,R-admin.pdf:4-32,R-intro.pdf:10-18,R-lang.pdf:24-32";
const corpus = flags.get("corpus") ?? defaultCorpusDir;
const limit = Number(flags.get("limit") ?? 10);
const dpi = Number(flags.get("dpi") ?? OCR_DPI);
const keep = flags.has("keep");

interface Slice {
  file: string;
  first: number;
  last: number;
}

const slices: Slice[] = (flags.get("slices") ?? DEFAULT_SLICES).split(",").map((s) => {
  const m = /^(.+):(\d+)-(\d+)$/.exec(s.trim());
  if (m === null) throw new Error(`--slices: "${s}" is not FILE:FIRST-LAST`);
  return { file: m[1] ?? "", first: Number(m[2]), last: Number(m[3]) };
});
const inSlice = (file: string, page: number): boolean =>
  slices.some((s) => s.file === file && page >= s.first && page <= s.last);

const questions = loadQuestions(flags.get("questions") ?? defaultDevset).filter(
  (q) => q.answerable && q.gold.some((g) => g.pages.some((p) => inSlice(g.file, p))),
);
const pageTotal = slices.reduce((n, s) => n + s.last - s.first + 1, 0);
console.log(
  `${slices.length} slices, ${pageTotal} pages; ${questions.length} answerable dev-set questions with a gold page in them`,
);

const tmp = mkdtempSync(path.join(os.tmpdir(), "enclave-bench-ocr-retrieval-"));
const textDir = path.join(tmp, "text");
const scanDir = path.join(tmp, "scan");
mkdirSync(textDir);
mkdirSync(scanDir);

/**
 * The page as a JPEG (quality 92) of its greyscale rendering at `dpi`, as an office scanner gives
 * it. JPEG rather than PNG: pdf-lib embeds JPEG bytes as they are, while a 300-dpi PNG costs
 * seconds of pure-JavaScript recompression per page.
 */
async function pageJpeg(
  doc: Awaited<ReturnType<typeof openPdf>>,
  n: number,
): Promise<{ jpeg: Buffer; width: number; height: number }> {
  const page = await doc.getPage(n);
  const base = page.getViewport({ scale: 1 });
  const { image } = await renderPdfPage(page, dpi);
  page.cleanup();
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  const rgba = ctx.createImageData(image.width, image.height);
  for (let i = 0; i < image.data.length; i++) {
    const v = image.data[i] ?? 255;
    rgba.data[i * 4] = v;
    rgba.data[i * 4 + 1] = v;
    rgba.data[i * 4 + 2] = v;
    rgba.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(rgba, 0, 0);
  return { jpeg: canvas.toBuffer("image/jpeg", 92), width: base.width, height: base.height };
}

const t = performance.now();
for (const s of slices) {
  const source = path.join(corpus, s.file);
  const original = await PDFDocument.load(readFileSync(source), { updateMetadata: false });
  const title = original.getTitle() ?? path.basename(s.file, ".pdf");
  const indices = Array.from({ length: s.last - s.first + 1 }, (_, i) => s.first - 1 + i);

  const text = await PDFDocument.create();
  text.setTitle(title);
  for (const p of await text.copyPages(original, indices)) text.addPage(p);
  writeFileSync(path.join(textDir, s.file), await text.save());

  const scan = await PDFDocument.create();
  scan.setTitle(title);
  const doc = await openPdf(source);
  for (const i of indices) {
    const { jpeg, width, height } = await pageJpeg(doc, i + 1);
    const image = await scan.embedJpg(jpeg);
    scan.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  }
  await doc.destroy();
  writeFileSync(path.join(scanDir, s.file), await scan.save());
  console.log(`  ${s.file} pp. ${s.first}-${s.last}: text and ${dpi}-dpi scan written`);
}
const renderS = (performance.now() - t) / 1000;

/** Imports a folder's PDFs into a fresh library; returns the engine and the import's seconds. */
async function importFolder(
  dir: string,
  label: string,
): Promise<{ engine: Engine; seconds: number }> {
  const engine = await Engine.create({
    dataDir: path.join(tmp, `data-${label}`),
    bundledModelsDir: path.join(tmp, "no-models"),
  });
  let pages = 0;
  const off = engine.on("importProgress", (e: ImportEvent) => {
    if (e.kind !== "progress") return;
    pages += 1;
    if (pages % 10 === 0) console.log(`  ${label}: ${e.file} page ${e.pagesDone}/${e.pagesTotal}`);
  });
  const start = performance.now();
  const report = await engine.importPaths({
    collection: "default",
    requestId: label,
    paths: slices.map((s) => path.join(dir, s.file)),
  });
  off();
  const failed = report.results.filter((r) => !r.ok);
  if (failed.length > 0)
    throw new Error(
      `${label} import failed: ${failed.map((r) => `${r.file}: ${r.error?.message}`).join("; ")}`,
    );
  return { engine, seconds: (performance.now() - start) / 1000 };
}

/** OCR confidence of every OCR'd result returned (the text library's have none). */
const ocrConfidences: number[] = [];

/** Results with pages counted in the original PDF, so the dev set's gold pages apply. */
function inOriginalPages(results: Passage[]): HitCandidate[] {
  return results.map((r) => {
    if (r.ocr !== undefined) ocrConfidences.push(r.ocr);
    const offset = (slices.find((s) => s.file === r.file)?.first ?? 1) - 1;
    return { file: r.file, page: r.page + offset, pageEnd: r.pageEnd + offset, text: r.text };
  });
}

/** Scan results that were not marked as OCR'd (expected: 0). */
let unmarked = 0;

async function rank(engine: Engine, label: string): Promise<Map<string, HitCandidate[]>> {
  const rankings = new Map<string, HitCandidate[]>();
  for (const q of questions) {
    const found = await engine.search({ query: q.question, collections: ["default"], limit });
    if (label === "scan") unmarked += found.filter((r) => r.ocr === undefined).length;
    const results = inOriginalPages(found);
    rankings.set(q.id, results);
    const at = results.findIndex((r) => isHit(q, r));
    const top = results[0];
    console.log(
      `  ${label} ${q.id} rank=${at} top=${top === undefined ? "-" : `${top.file}:${top.page}`} gold=${q.gold.map((g) => `${g.file}:${g.pages.join(",")}`).join(" | ")}`,
    );
  }
  return rankings;
}

const text = await importFolder(textDir, "text");
const textScores = scoreRankings(questions, await rank(text.engine, "text"));
await text.engine.close();

const scan = await importFolder(scanDir, "scan");
const scanScores = scoreRankings(questions, await rank(scan.engine, "scan"));
await scan.engine.close();

console.log(
  `text layer: hit@1 ${fmt(textScores.hit1, 3)}  hit@5 ${fmt(textScores.hit5, 3)}  MRR@10 ${fmt(textScores.mrr10, 3)}  (import ${fmt(text.seconds, 1)} s)`,
);
console.log(
  `scans (OCR): hit@1 ${fmt(scanScores.hit1, 3)}  hit@5 ${fmt(scanScores.hit5, 3)}  MRR@10 ${fmt(scanScores.mrr10, 3)}  (import with OCR ${fmt(scan.seconds, 1)} s, ${fmt(pageTotal / scan.seconds, 3)} pages/s; rendering ${fmt(renderS, 1)} s)`,
);
console.log(
  `hit@5 difference ${fmt(textScores.hit5 - scanScores.hit5, 3)} (acceptance: within 0.05); scan results' OCR confidence mean ${fmt(ocrConfidences.reduce((a, b) => a + b, 0) / ocrConfidences.length, 1)}, min ${Math.min(...ocrConfidences)}; scan results not marked OCR: ${unmarked}`,
);
if (keep) console.log(`kept ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });
console.log(
  [
    `questions=${questions.length}`,
    `pages=${pageTotal}`,
    `dpi=${dpi}`,
    `text_hit1=${fmt(textScores.hit1, 3)}`,
    `text_hit5=${fmt(textScores.hit5, 3)}`,
    `text_mrr10=${fmt(textScores.mrr10, 3)}`,
    `scan_hit1=${fmt(scanScores.hit1, 3)}`,
    `scan_hit5=${fmt(scanScores.hit5, 3)}`,
    `scan_mrr10=${fmt(scanScores.mrr10, 3)}`,
    `hit5_gap=${fmt(textScores.hit5 - scanScores.hit5, 3)}`,
    `scan_import_s=${fmt(scan.seconds, 1)}`,
    `ocr_pages_per_s=${fmt(pageTotal / scan.seconds, 3)}`,
  ].join(" "),
);
