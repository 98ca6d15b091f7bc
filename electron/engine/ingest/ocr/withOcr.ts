/**
 * Reads the scanned pages of a PDF's page stream with OCR: pages the worker marked `needsOcr` are
 * sent to the parse pool as OCR tasks as soon as they enter a look-ahead window (so both workers
 * read pages while the stream waits for the first), and come out in page order with their text.
 * At the end, the document's OCR'd pages are recorded for search results and the viewer.
 */
import { hashFile } from "../hashFile";
import { importError } from "../ImportError";
import { pdfImportError } from "../parsePdf";
import { PdfTaskFailedError, type PdfWorkerPool } from "../PdfWorkerPool";
import type { ParsedPage } from "../types";
import { writeDocumentOcr, type DocumentOcr } from "./documentOcr";
import { ocrParsedPage } from "./ocrParsedPage";
import type { OcrTaskResult } from "./ocrTasks";
import { ocrSettings } from "./ocrSettings";

export interface WithOcrOptions {
  pool: PdfWorkerPool;
  path: string;
  docKey: string;
  signal?: AbortSignal;
}

interface Pending {
  page: ParsedPage;
  ocr?: Promise<OcrTaskResult>;
}

/** After all pages: remember which were OCR'd, under the document's id (the hash of its bytes). */
export async function recordDocumentOcr(path: string, pages: DocumentOcr): Promise<void> {
  const { cacheDir } = ocrSettings();
  if (cacheDir === null || Object.keys(pages).length === 0) return;
  await writeDocumentOcr(cacheDir, await hashFile(path), pages);
}

export async function* withOcr(
  stream: AsyncIterator<ParsedPage>,
  options: WithOcrOptions,
): AsyncGenerator<ParsedPage> {
  const { pool, path, docKey, signal } = options;
  const settings = ocrSettings();
  const lookahead = pool.size * 2;
  const window: Pending[] = [];
  const read: DocumentOcr = {};
  let ended = false;
  try {
    for (;;) {
      while (!ended && window.length < lookahead) {
        const r = await stream.next();
        if (r.done === true) ended = true;
        else {
          const page = r.value;
          const ocr =
            page.needsOcr === true
              ? pool
                  .ocr({ type: "ocrPage", docKey, path, page: page.page, settings }, signal)
                  .then((res) => res.result)
              : undefined;
          // Failures surface when the page's turn comes.
          ocr?.catch(() => undefined);
          window.push({ page, ocr });
        }
      }
      const head = window.shift();
      if (head === undefined) break;
      if (signal?.aborted === true) throw importError("ABORTED", path);
      if (head.ocr === undefined) {
        const { needsOcr: _, ...page } = head.page;
        yield page;
        continue;
      }
      let result: OcrTaskResult;
      try {
        result = await head.ocr;
      } catch (error) {
        // A page pdf.js cannot draw keeps what text it had; a hostile or stopped one fails the file.
        if (error instanceof PdfTaskFailedError && error.kind === "OTHER") {
          const { needsOcr: _, ...page } = head.page;
          yield page;
          continue;
        }
        throw pdfImportError(path, error);
      }
      const page = ocrParsedPage(head.page.page, head.page.label, result);
      if (page.ocr !== undefined) read[String(page.page)] = page.ocr;
      yield page;
    }
    await recordDocumentOcr(path, read);
  } finally {
    pool.closeDocument(docKey);
  }
}
