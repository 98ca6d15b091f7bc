/**
 * bench:ocr — OCR accuracy and speed on page images rendered from ../shared/corpus PDFs
 * (their text layer is the ground truth), read through the product (the parse pool's workers,
 * both cores, no cache), with Debian's native `tesseract` CLI (single-threaded, same images, same
 * language) as the speed reference in the same run.
 *
 *   npm run bench:ocr [-- --pages 8 --dpis 150,200,300 --corpus DIR]
 *
 * For each resolution (the sweep behind the product's OCR_DPI): CER after whitespace normalisation
 * and seconds per page of the product's Tesseract on one thread and of native tesseract on one
 * thread. At OCR_DPI also the pool on both cores: pages/s and the ratio to native. Then peak RSS
 * and one `key=value` summary line (unsuffixed keys: OCR_DPI through the pool; `_<dpi>`: the sweep).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import { joinOcrWords, joinTextItems, type TextItemLike } from "../../shared/pageText";
import { OCR_DPI } from "../../electron/engine/ingest/ocr/ocrTasks";
import { renderPdfPage } from "../../electron/engine/ingest/ocr/renderPdfPage";
import { openPdf } from "../../electron/engine/ingest/pdfTasks";
import { PdfWorkerPool } from "../../electron/engine/ingest/PdfWorkerPool";
import { TesseractOcr } from "../../electron/engine/ingest/ocr/TesseractOcr";
import type { GrayImage } from "../../electron/engine/ingest/ocr/types";
import { defaultCorpusDir, fmt, parseArgs, pdfFilesIn } from "./benchUtil";

const { flags } = parseArgs(process.argv.slice(2));
const pageCount = Number(flags.get("pages") ?? 8);
const sweep = (flags.get("dpis") ?? flags.get("dpi") ?? "150,200").split(",").map(Number);
/** The resolutions measured; the product's is always among them (the throughput check runs there). */
const dpis = [...new Set([...sweep, OCR_DPI])].sort((a, b) => a - b);
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

/** A table of contents line: a title, a run of spaced dots, a page number. */
const DOT_LEADERS = /(?:\. ?){8,}\d/;

interface BenchPage {
  file: string;
  page: number;
  truth: string;
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
      // A long table of contents (fullrefman's runs 60 pages) is still dot leaders at page 25.
      if (truth.length >= 400 && !DOT_LEADERS.test(truth)) pages.push({ file, page: n, truth });
    }
    await doc.destroy();
  }
console.log(
  `${pages.length} pages from ${files.length} corpus PDFs; resolutions ${dpis.join(", ")} dpi`,
);

/** Each page rendered at `dpi`, in memory and as a PNG file (for the pool and native tesseract). */
async function render(dpi: number): Promise<{ image: GrayImage; png: string }[]> {
  const out: { image: GrayImage; png: string }[] = [];
  for (const [i, p] of pages.entries()) {
    const doc = await openPdf(p.file);
    const { image } = await renderPdfPage(await doc.getPage(p.page), dpi);
    await doc.destroy();
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext("2d");
    const rgba = ctx.createImageData(image.width, image.height);
    image.data.forEach((v, j) => rgba.data.set([v, v, v, 255], j * 4));
    ctx.putImageData(rgba, 0, 0);
    const png = path.join(tmp, `${dpi}-${i}.png`);
    writeFileSync(png, canvas.toBuffer("image/png"));
    out.push({ image, png });
  }
  return out;
}

/** Character errors of each reading against its page's truth, and the CER over all, in %. */
function cerOf(readings: string[]): { perPage: number[]; pct: number } {
  let errors = 0;
  let chars = 0;
  const perPage = pages.map((p, i) => {
    const e = distance(norm(readings[i] ?? ""), p.truth);
    errors += e;
    chars += p.truth.length;
    return (100 * e) / p.truth.length;
  });
  return { perPage, pct: (100 * errors) / chars };
}

const hasNative = spawnSync("tesseract", ["--version"]).status === 0;
/** Native tesseract, one thread, one page after another: its texts and seconds. */
function runNative(pngs: string[], dpi: number): { texts: string[]; seconds: number } {
  const t = performance.now();
  const texts = pngs.map(
    (png) =>
      spawnSync("tesseract", [png, "-", "-l", "eng", "--dpi", String(dpi)], {
        encoding: "utf8",
        env: { ...process.env, OMP_THREAD_LIMIT: "1" },
      }).stdout,
  );
  return { texts, seconds: (performance.now() - t) / 1000 };
}

interface DpiResult {
  dpi: number;
  /** The product's Tesseract on this thread, one page after another: per-page seconds and CER. */
  oursSPerPage: number;
  oursCer: number;
  nativeSPerPage: number;
  nativeCer: number;
  /** At the product's resolution only: the pool (both cores) pages/s and its CER. */
  pool?: { pagesPerS: number; cer: number; perPage: number[]; confidences: number[] };
}

const results: DpiResult[] = [];
const inProcess = await TesseractOcr.create(["eng"], null);
for (const dpi of dpis) {
  const rendered = await render(dpi);
  let t = performance.now();
  const mine = rendered.map((r) => joinOcrWords(inProcess.recognize(r.image, dpi).words).text);
  const oursS = (performance.now() - t) / 1000;
  const native = hasNative
    ? runNative(
        rendered.map((r) => r.png),
        dpi,
      )
    : null;
  const result: DpiResult = {
    dpi,
    oursSPerPage: oursS / pages.length,
    oursCer: cerOf(mine).pct,
    nativeSPerPage: native === null ? NaN : native.seconds / pages.length,
    nativeCer: native === null ? NaN : cerOf(native.texts).pct,
  };
  if (dpi === OCR_DPI) {
    // Product: both cores, the pool's workers, no cache (Tesseract is told 300 dpi, as for images).
    const pool = new PdfWorkerPool({ size: 2 });
    const settings = { languages: ["eng"], languagesDir: null, cacheDir: null };
    const first = rendered[0]?.png ?? "";
    await pool.ocr({ type: "ocrImage", path: first, frame: 0, settings }); // load Tesseract in one worker
    t = performance.now();
    const ours = await Promise.all(
      rendered.map((r) => pool.ocr({ type: "ocrImage", path: r.png, frame: 0, settings })),
    );
    const poolS = (performance.now() - t) / 1000;
    await pool.dispose();
    const cer = cerOf(ours.map((o) => joinOcrWords(o.result.words).text));
    result.pool = {
      pagesPerS: pages.length / poolS,
      cer: cer.pct,
      perPage: cer.perPage,
      confidences: ours.map((o) => o.result.confidence),
    };
  }
  results.push(result);
  console.log(
    `${dpi} dpi: ours (1 thread) ${fmt(result.oursSPerPage, 2)} s/page, CER ${fmt(result.oursCer, 2)}%` +
      (hasNative
        ? `; native tesseract (1 thread) ${fmt(result.nativeSPerPage, 2)} s/page, CER ${fmt(result.nativeCer, 2)}%`
        : "; native tesseract not installed (apt-get install tesseract-ocr)"),
  );
}
inProcess.dispose();
clearInterval(sampler);
rmSync(tmp, { recursive: true, force: true });

const product = results.find((r) => r.dpi === OCR_DPI);
const pool = product?.pool;
if (product === undefined || pool === undefined)
  throw new Error("the product's resolution was not measured");
for (const [i, p] of pages.entries())
  console.log(
    `${path.basename(p.file)} p.${p.page}: ${p.truth.length} chars, CER ours ${fmt(pool.perPage[i] ?? NaN, 2)}% at ${OCR_DPI} dpi, confidence ${pool.confidences[i]}`,
  );
const nativeRate = 1 / product.nativeSPerPage;
console.log(
  `ours (2 workers) at ${OCR_DPI} dpi: ${fmt(pool.pagesPerS, 3)} pages/s, CER ${fmt(pool.cer, 2)}%` +
    (hasNative
      ? `; native tesseract (1 thread): ${fmt(nativeRate, 3)} pages/s, CER ${fmt(product.nativeCer, 2)}%; ratio ${fmt(pool.pagesPerS / nativeRate, 2)}x`
      : ""),
);
console.log(`peak RSS ${fmt(peakRss / 2 ** 20, 0)} MiB`);
console.log(
  [
    `pages=${pages.length}`,
    `dpi=${OCR_DPI}`,
    `cer_pct=${fmt(pool.cer, 3)}`,
    `ours_pages_per_s=${fmt(pool.pagesPerS, 3)}`,
    `native_pages_per_s=${fmt(nativeRate, 3)}`,
    `ratio=${fmt(pool.pagesPerS / nativeRate, 3)}`,
    `native_cer_pct=${fmt(product.nativeCer, 3)}`,
    ...results.flatMap((r) => [
      `cer_pct_${r.dpi}=${fmt(r.oursCer, 3)}`,
      `s_per_page_${r.dpi}=${fmt(r.oursSPerPage, 2)}`,
      `native_cer_pct_${r.dpi}=${fmt(r.nativeCer, 3)}`,
      `native_s_per_page_${r.dpi}=${fmt(r.nativeSPerPage, 2)}`,
    ]),
    `peak_rss_mb=${fmt(peakRss / 2 ** 20, 0)}`,
  ].join(" "),
);
