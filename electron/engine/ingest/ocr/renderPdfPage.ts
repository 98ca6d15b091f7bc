/**
 * Renders a PDF page to a greyscale image for OCR with pdf.js and @napi-rs/canvas (what pdf-parse
 * v2's `getScreenshot` does too). We render with pdf.js directly rather than through pdf-parse:
 * the worker already holds the page's document open in the pinned pdfjs-dist 5.4.296 modern build,
 * and pdf-parse would open the file a second time in its own (legacy) build of the same pdf.js.
 */
import { createCanvas, DOMMatrix, ImageData, Path2D } from "@napi-rs/canvas";
import type { PDFPageProxy } from "pdfjs-dist";
import { grayFromRgba } from "./grayImage";
import type { GrayImage } from "./types";

/** Pages larger than this many pixels are rendered at a lower resolution (an A0 poster at 300 dpi). */
export const MAX_RENDER_PIXELS = 40_000_000;

let installed = false;
/** The modern pdf.js build draws with these; Node has none (the parse worker's DOMMatrix is a stub). */
function installCanvasGlobals(): void {
  if (installed) return;
  Object.assign(globalThis, { DOMMatrix, ImageData, Path2D });
  installed = true;
}

/** The page at `dpi` (lowered for huge pages), white behind transparent parts. */
export async function renderPdfPage(
  page: PDFPageProxy,
  dpi: number,
): Promise<{ image: GrayImage; dpi: number }> {
  installCanvasGlobals();
  const base = page.getViewport({ scale: 1 });
  let scale = dpi / 72;
  const pixels = base.width * base.height * scale * scale;
  if (pixels > MAX_RENDER_PIXELS) scale *= Math.sqrt(MAX_RENDER_PIXELS / pixels);
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.ceil(viewport.width));
  const height = Math.max(1, Math.ceil(viewport.height));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, width, height);
  // pdf.js types its canvas as a DOM canvas; @napi-rs/canvas implements the part it uses.
  await page.render({
    canvas,
    canvasContext: ctx,
    viewport,
  }).promise;
  const { data } = ctx.getImageData(0, 0, width, height);
  return { image: grayFromRgba(data, width, height), dpi: scale * 72 };
}

/** True when the page paints at least one image (a scan); read from its operator list. */
export async function pageHasImage(
  page: PDFPageProxy,
  imageOps: readonly number[],
): Promise<boolean> {
  const list = await page.getOperatorList();
  return list.fnArray.some((fn) => imageOps.includes(fn));
}
