/**
 * bench:ocr — OCR accuracy and speed on page images rendered from ../shared/corpus PDFs at 300 dpi
 * (their text layer is the ground truth), read through the product (the parse pool's workers,
 * both cores, no cache), with Debian's native `tesseract` CLI (single-threaded, same images, same
 * language) as the speed reference in the same run.
 *
 *   npm run bench:ocr [-- --pages 8 --dpi 300 --corpus DIR]
 *
 * Prints CER after whitespace normalisation, pages/s, the ratio to native, peak RSS, and one
 * `key=value` summary line.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import { joinOcrWords, joinTextItems, type TextItemLike } from "../../shared/pageText";
import { renderPdfPage } from "../../electron/engine/ingest/ocr/renderPdfPage";
import { openPdf } from "../../electron/engine/ingest/pdfTasks";
import { PdfWorkerPool } from "../../electron/engine/ingest/PdfWorkerPool";
import { defaultCorpusDir, fmt, parseArgs, pdfFilesIn } from "./benchUtil";

const { flags } = parseArgs(process.argv.slice(2));
const pageCount = Number(flags.get("pages") ?? 8);
const dpi = Number(flags.get("dpi") ?? 300);
const corpus = flags.get("corpus") ?? defaultCorpusDir;

const norm = (s: string): string => s.replace(/\s+/g, " ").trim();

/** Levenshtein distance, two rows. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 0; i < a.length; i++) {
    cur[0] = i + 1;
    for (let j = 0; j < b.length; j++)
      cur[j + 1] = Math.min(
        (cur[j] ?? 0) + 1,
        (prev[j + 1] ?? 0) + 1,
        (prev[j] ?? 0) + (a[i] === b[j] ? 0 : 1),
      );
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] ?? 0;
}

interface BenchPage {
  file: string;
  page: number;
  truth: string;
  png: string;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);

const tmp = mkdtempSync(path.join(os.tmpdir(), "enclave-bench-ocr-"));
const files = pdfFilesIn(corpus);
const pages: BenchPage[] = [];
// Pages spread over the corpus: page 25, 35, 45... of each manual in turn (past the tables of
// contents, whose dot leaders make a poor ground truth), text pages only.
for (let k = 0; pages.length < pageCount && k < 50; k++)
  for (const file of files) {
    if (pages.length >= pageCount) break;
    const doc = await openPdf(file);
    const n = 25 + k * 10;
    if (n <= doc.numPages) {
      const page = await doc.getPage(n);
      const truth = norm(joinTextItems((await page.getTextContent()).items as TextItemLike[]).text);
      if (truth.length >= 400) {
        const { image } = await renderPdfPage(page, dpi);
        const canvas = createCanvas(image.width, image.height);
        const ctx = canvas.getContext("2d");
        const rgba = ctx.createImageData(image.width, image.height);
        image.data.forEach((v, i) => rgba.data.set([v, v, v, 255], i * 4));
        ctx.putImageData(rgba, 0, 0);
        const png = path.join(tmp, `${pages.length}.png`);
        writeFileSync(png, canvas.toBuffer("image/png"));
        pages.push({ file: path.basename(file), page: n, truth, png });
      }
    }
    await doc.destroy();
  }
console.log(`${pages.length} pages rendered at ${dpi} dpi from ${files.length} corpus PDFs`);

// Product: both cores, the pool's workers, no cache.
const pool = new PdfWorkerPool({ size: 2 });
const settings = { languages: ["eng"], languagesDir: null, cacheDir: null };
await pool.ocr({ type: "ocrImage", path: pages[0]?.png ?? "", frame: 0, settings }); // load Tesseract in one worker
let t = performance.now();
const ours = await Promise.all(
  pages.map((p) => pool.ocr({ type: "ocrImage", path: p.png, frame: 0, settings })),
);
const oursS = (performance.now() - t) / 1000;
await pool.dispose();

// Native tesseract, one thread, one page after another.
const hasNative = spawnSync("tesseract", ["--version"]).status === 0;
const native: string[] = [];
t = performance.now();
if (hasNative)
  for (const p of pages) {
    const r = spawnSync("tesseract", [p.png, "-", "-l", "eng", "--dpi", String(dpi)], {
      encoding: "utf8",
      env: { ...process.env, OMP_THREAD_LIMIT: "1" },
    });
    native.push(r.stdout);
  }
const nativeS = (performance.now() - t) / 1000;
clearInterval(sampler);

let errOurs = 0;
let errNative = 0;
let chars = 0;
for (const [i, p] of pages.entries()) {
  const mine = norm(joinOcrWords(ours[i]?.result.words ?? []).text);
  const e = distance(mine, p.truth);
  const en = hasNative ? distance(norm(native[i] ?? ""), p.truth) : 0;
  errOurs += e;
  errNative += en;
  chars += p.truth.length;
  console.log(
    `${p.file} p.${p.page}: ${p.truth.length} chars, CER ours ${fmt((100 * e) / p.truth.length, 2)}%` +
      (hasNative ? `, native ${fmt((100 * en) / p.truth.length, 2)}%` : "") +
      `, confidence ${ours[i]?.result.confidence}`,
  );
}
rmSync(tmp, { recursive: true, force: true });
const cer = (100 * errOurs) / chars;
const oursRate = pages.length / oursS;
const nativeRate = hasNative ? pages.length / nativeS : NaN;
console.log(
  `ours (2 workers): ${fmt(oursRate, 3)} pages/s, CER ${fmt(cer, 2)}%` +
    (hasNative
      ? `; native tesseract (1 thread): ${fmt(nativeRate, 3)} pages/s, CER ${fmt((100 * errNative) / chars, 2)}%; ratio ${fmt(oursRate / nativeRate, 2)}x`
      : "; native tesseract not installed (apt-get install tesseract-ocr)"),
);
console.log(`peak RSS ${fmt(peakRss / 2 ** 20, 0)} MiB`);
console.log(
  `pages=${pages.length} dpi=${dpi} cer_pct=${fmt(cer, 3)} ours_pages_per_s=${fmt(oursRate, 3)} native_pages_per_s=${fmt(nativeRate, 3)} ratio=${fmt(oursRate / nativeRate, 3)} native_cer_pct=${fmt((100 * errNative) / chars, 3)} peak_rss_mb=${fmt(peakRss / 2 ** 20, 0)}`,
);
