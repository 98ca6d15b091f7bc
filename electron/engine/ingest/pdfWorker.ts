/**
 * Worker-thread entry for PDF parsing (and Word documents and text files: mammoth and the text
 * rules, like pdf.js, block the thread they run on and can be made to use gigabytes, so they run
 * here under the pool's heap limit and watchdog). Keeps a few open documents (by key) so successive page
 * ranges of one file do not re-open it. See PdfWorkerPool for how this file is started.
 */
import { parentPort } from "node:worker_threads";
import type { PDFDocumentProxy } from "pdfjs-dist";
import { installNetworkGuard } from "../net/networkGuard";
import type { PdfWorkerRequest, PdfWorkerResponse } from "./pdfProtocol";
import { ImportError } from "./ImportError";
import { parseFormat } from "./formats/parseFormat";
import { parseDocx } from "./parseDocx";
import { parseTextFile } from "./parseTextFile";
import { ocrImageFrame, ocrPdfPage } from "./ocr/ocrTasks";
import { imageTaskError } from "./ocr/imageTaskError";
import { loadPdfjs } from "./pdfjsRuntime";
import { classifyPdfError, openPdf, readPageRange, readPdfMeta } from "./pdfTasks";

/** Open documents kept per worker; more are closed oldest first to bound memory. */
const MAX_OPEN_DOCUMENTS = 3;
const open = new Map<string, Promise<PDFDocumentProxy>>();
const pagesSinceCleanup = new Map<string, number>();
/** The 2,415-page R reference peaks at ~440 MB RSS with two workers without any cleanup, so this only guards larger files. */
const CLEANUP_EVERY_PAGES = 2000;

function closeDoc(key: string): void {
  const doc = open.get(key);
  if (doc === undefined) return;
  open.delete(key);
  pagesSinceCleanup.delete(key);
  void doc.then((d) => d.destroy()).catch(() => undefined);
}

function getDoc(key: string, path: string): Promise<PDFDocumentProxy> {
  let doc = open.get(key);
  if (doc === undefined) {
    doc = openPdf(path);
    open.set(key, doc);
    // A failed open must not be cached: the next task reports its own error.
    doc.catch(() => open.delete(key));
    while (open.size > MAX_OPEN_DOCUMENTS) {
      const oldest = open.keys().next().value;
      if (oldest === undefined) break;
      closeDoc(oldest);
    }
  }
  return doc;
}

async function handle(
  msg: Exclude<PdfWorkerRequest, { type: "close" }>,
): Promise<PdfWorkerResponse> {
  try {
    if (msg.type === "warm") {
      await loadPdfjs();
      return { type: "warm", id: msg.id };
    }
    if (msg.type === "text")
      return { type: "text", id: msg.id, text: await parseTextFile(msg.path, msg.claimed) };
    if (msg.type === "docx" || msg.type === "format") {
      try {
        if (msg.type === "format")
          return { type: "format", id: msg.id, result: await parseFormat(msg) };
        return { type: "docx", id: msg.id, docx: await parseDocx(msg.path) };
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        return {
          type: "error",
          id: msg.id,
          error: { kind: "IMPORT", code: error.code, message: error.message },
        };
      }
    }
    if (msg.type === "ocrImage") {
      try {
        return {
          type: "ocrImage",
          id: msg.id,
          ...(await ocrImageFrame(msg.path, msg.frame, msg.settings)),
        };
      } catch (error) {
        return { type: "error", id: msg.id, error: imageTaskError(msg.path, error) };
      }
    }
    const doc = await getDoc(msg.docKey, msg.path);
    if (msg.type === "ocrPage")
      return { type: "ocrPage", id: msg.id, result: await ocrPdfPage(doc, msg.page, msg.settings) };
    if (msg.type === "meta") return { type: "meta", id: msg.id, meta: await readPdfMeta(doc) };
    const pages = await readPageRange(doc, msg);
    // pdf.js keeps every parsed object, font and page of a document until cleanup, so memory
    // grows with the page count. Dropping the caches every few hundred pages bounds it at the
    // cost of re-reading fonts.
    const parsed = (pagesSinceCleanup.get(msg.docKey) ?? 0) + pages.length;
    if (parsed >= CLEANUP_EVERY_PAGES) {
      await doc.cleanup();
      pagesSinceCleanup.set(msg.docKey, 0);
    } else {
      pagesSinceCleanup.set(msg.docKey, parsed);
    }
    return { type: "pages", id: msg.id, pages };
  } catch (error) {
    return { type: "error", id: msg.id, error: classifyPdfError(error) };
  }
}

const port = parentPort;
if (port === null)
  throw new Error("pdfWorker must run in a worker thread: start it through PdfWorkerPool.");
// The main thread's guard does not reach this thread: install one here before any task runs, and
// report what it refuses so the main thread's list (the privacy panel) shows it.
installNetworkGuard({
  onRefusal: (refusal) =>
    port.postMessage({ type: "refusal", refusal } satisfies PdfWorkerResponse),
});
// The pool may send a task ahead; tasks (and closes) run strictly one after another so that
// cleanup never runs while another task reads pages of the same document.
let chain: Promise<void> = Promise.resolve();
port.on("message", (msg: PdfWorkerRequest) => {
  chain = chain
    .then(async () => {
      if (msg.type === "close") closeDoc(msg.docKey);
      else port.postMessage(await handle(msg));
    })
    .catch((error: unknown) => {
      // A reply that cannot be sent must still answer its request, or the caller would wait forever.
      if (msg.type !== "close")
        port.postMessage({
          type: "error",
          id: msg.id,
          error: { kind: "OTHER", message: String(error) },
        } satisfies PdfWorkerResponse);
    });
});
