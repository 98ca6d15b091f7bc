/**
 * An image file (a photographed or scanned page; a multi-page TIFF) as a document: each frame a
 * page, read with OCR in the parse pool's workers, both cores at once for multi-page files.
 */
import { basename, extname } from "node:path";
import { importError } from "../ImportError";
import { pdfImportError } from "../parsePdf";
import type { PdfWorkerPool } from "../PdfWorkerPool";
import type { ParsedDocument, ParsedPage, ParseProgress } from "../types";
import type { DocumentOcr } from "./documentOcr";
import { ocrParsedPage } from "./ocrParsedPage";
import type { OcrTaskResult } from "./ocrTasks";
import { ocrSettings } from "./ocrSettings";
import { recordDocumentOcr } from "./withOcr";

export interface ParseImageOptions {
  pool: PdfWorkerPool;
  signal?: AbortSignal;
  onProgress?: (p: ParseProgress) => void;
}

export async function parseImageDocument(
  path: string,
  options: ParseImageOptions,
): Promise<ParsedDocument> {
  const { pool, signal } = options;
  const settings = ocrSettings();
  const frame = (n: number): Promise<{ frames: number; result: OcrTaskResult }> =>
    pool.ocr({ type: "ocrImage", path, frame: n, settings }, signal).catch((error: unknown) => {
      throw pdfImportError(path, error);
    });
  // The first frame is read up front: it says whether the file decodes and how many pages it has.
  const first = await frame(0);
  const total = first.frames;
  async function* pages(): AsyncGenerator<ParsedPage> {
    const read: DocumentOcr = {};
    const inFlight = new Map<number, Promise<{ frames: number; result: OcrTaskResult }>>();
    inFlight.set(0, Promise.resolve(first));
    let next = 1;
    let any = false;
    for (let k = 0; k < total; k++) {
      while (next < total && next < k + pool.size * 2) {
        const p = frame(next);
        p.catch(() => undefined);
        inFlight.set(next++, p);
      }
      if (signal?.aborted === true) throw importError("ABORTED", path);
      const res = await inFlight.get(k);
      inFlight.delete(k);
      if (res === undefined) continue;
      const page = ocrParsedPage(k + 1, null, res.result);
      any ||= /\S/.test(page.text);
      if (page.ocr !== undefined) read[String(page.page)] = page.ocr;
      yield page;
      options.onProgress?.({ pagesDone: k + 1, pagesTotal: total });
    }
    if (!any) throw importError("NO_TEXT", path, "OCR found no text in the image");
    await recordDocumentOcr(path, read);
  }
  const ext = extname(path);
  return {
    format: "image",
    title: basename(path, ext),
    pageCount: total,
    pages: pages(),
  };
}
