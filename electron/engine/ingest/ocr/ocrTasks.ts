/**
 * The OCR work one parse-pool worker thread does: render a PDF page or decode an image frame,
 * look its hash up in the OCR cache, else run Tesseract on it. One Tesseract instance per worker,
 * loaded on first use and kept (reloaded when the languages change).
 */
import { readFile } from "node:fs/promises";
import type { PDFDocumentProxy } from "pdfjs-dist";
import { decodeImageFrames } from "./decodeImage";
import { pageHash, readCachedOcr, writeCachedOcr } from "./OcrCache";
import { renderPdfPage } from "./renderPdfPage";
import { TesseractOcr } from "./TesseractOcr";
import type { GrayImage, OcrPageResult, OcrSettings } from "./types";

/**
 * Resolution PDF pages are rendered at for OCR. Measured with bench:ocr on 8 corpus pages
 * (2026-12-02, one thread): CER 0.56% / 0.43% / 0.42% and 2.7 / 3.0 / 3.2 s per page at
 * 150 / 200 / 300 dpi: 300 dpi costs a fifth more time than 150 for a quarter fewer errors.
 */
export const OCR_DPI = 300;
/** Images carry no trustworthy resolution; Tesseract is told this and judges sizes itself. */
const IMAGE_DPI = 300;

/** A page's OCR with the hash it is cached under. */
export interface OcrTaskResult extends OcrPageResult {
  hash: string;
}

let engine: { key: string; ocr: Promise<TesseractOcr> } | null = null;

function tesseract(settings: OcrSettings): Promise<TesseractOcr> {
  const key = `${settings.languages.join("+")}|${settings.languagesDir ?? ""}`;
  if (engine?.key !== key) {
    const old = engine;
    engine = { key, ocr: TesseractOcr.create(settings.languages, settings.languagesDir) };
    void old?.ocr.then((o) => o.dispose()).catch(() => undefined);
    // A failed load (a missing language) must not stick: the next task tries again.
    engine.ocr.catch(() => {
      engine = null;
    });
  }
  return engine.ocr;
}

async function ocrImage(
  image: GrayImage,
  dpi: number,
  settings: OcrSettings,
): Promise<OcrTaskResult> {
  const hash = pageHash(image, settings.languages);
  const cached = await readCachedOcr(settings.cacheDir, hash);
  if (cached !== null) return { ...cached, hash };
  const result = (await tesseract(settings)).recognize(image, dpi);
  await writeCachedOcr(settings.cacheDir, hash, result);
  return { ...result, hash };
}

export async function ocrPdfPage(
  doc: PDFDocumentProxy,
  pageNumber: number,
  settings: OcrSettings,
): Promise<OcrTaskResult> {
  const page = await doc.getPage(pageNumber);
  try {
    const { image, dpi } = await renderPdfPage(page, OCR_DPI);
    return await ocrImage(image, dpi, settings);
  } finally {
    page.cleanup();
  }
}

/** Frame `frame` (0-based) of an image file, and how many frames the file has. */
export async function ocrImageFrame(
  path: string,
  frame: number,
  settings: OcrSettings,
): Promise<{ frames: number; result: OcrTaskResult }> {
  const frames = await decodeImageFrames(new Uint8Array(await readFile(path)));
  const image = frames[frame];
  if (image === undefined) throw new RangeError(`the image has no frame ${frame + 1}`);
  return { frames: frames.length, result: await ocrImage(image, IMAGE_DPI, settings) };
}
