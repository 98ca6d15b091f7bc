/**
 * The pdf.js work one worker thread does: open a PDF and read its metadata, and turn a range of its
 * pages into page text and headings. Runs inside `pdfWorker` (never on the main thread in the app,
 * because pdf.js blocks the thread it runs on).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { PDFDocumentProxy } from "pdfjs-dist";
import { joinTextItems, type TextItemLike } from "../../../shared/pageText";
import { detectHeadings, findHeadingOffset, SECTION_NUMBER } from "./detectHeadings";
import type { ImportErrorCode } from "./ImportError";
import { encryptsOnlyAttachments, withoutAttachmentEncryption } from "./pdfEncryption";
import {
  appendAnnotationText,
  readAnnotations,
  readAnnotationText,
  type AnnotationLike,
} from "./pdfAnnotationText";
import { pageHasImage } from "./ocr/renderPdfPage";
import { textLayerUnusable } from "./ocr/textLayerQuality";
import { loadPdfjs } from "./pdfjsRuntime";
import type { HeadingMark, ParsedPage } from "./types";

/** A bookmark resolved to its page. */
export interface OutlineEntry {
  title: string;
  /** 1 = top level. */
  level: number;
  /** 1-based physical page. */
  page: number;
}

export interface PdfMeta {
  pageCount: number;
  /** Metadata title (XMP dc:title, else Info Title), "" when none. */
  title: string;
  /** Printed label of each physical page (index 0 = page 1), or null when the PDF defines none. */
  labels: string[] | null;
  outline: OutlineEntry[];
}

/** What a task failure carries back across the thread boundary. */
export interface PdfTaskError {
  /**
   * CRASHED: the worker itself died (failed to start, a bug), not a verdict on the file.
   * TIMEOUT, MEMORY: the pool stopped the worker because the task ran too long or used too much
   * memory (a hostile or pathological file).
   */
  kind: "ENCRYPTED" | "CORRUPT" | "OTHER" | "CRASHED" | "TIMEOUT" | "MEMORY" | "IMPORT";
  message: string;
  /** Kind IMPORT: the worker's parser threw this ImportError (its message is the user's text). */
  code?: ImportErrorCode;
}

const require = createRequire(import.meta.url);
/** Predefined CMaps let pdf.js extract text from CJK PDFs that use them. */
const cMapUrl = (() => {
  try {
    return join(dirname(require.resolve("pdfjs-dist/package.json")), "cmaps") + "/";
  } catch {
    // Without the folder pdf.js still works for the common (non-CJK) case.
    return undefined;
  }
})();

export async function openPdf(path: string): Promise<PDFDocumentProxy> {
  try {
    return await openPdfData(new Uint8Array(await readFile(path)));
  } catch (error) {
    if (!(error instanceof Error) || error.name !== "PasswordException") throw error;
    // pdf.js has already tried the empty user password. A file that encrypts only its
    // attachments opens without any; one that needs a password stays refused.
    const data = new Uint8Array(await readFile(path));
    if (!encryptsOnlyAttachments(data)) throw error;
    return await openPdfData(withoutAttachmentEncryption(data));
  }
}

async function openPdfData(data: Uint8Array): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    data,
    // Text extraction needs font metrics, not font rendering: skip the work a viewer would do.
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
    stopAtErrors: false,
    disableAutoFetch: true,
    disableStream: true,
    enableXfa: false,
    fontExtraProperties: false,
    // Text extraction never decodes images (getTextContent skips image XObjects); these keep
    // pdf.js from reaching for image machinery that a worker does not have anyway.
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    ...(cMapUrl === undefined ? {} : { cMapUrl, cMapPacked: true }),
    // OCR renders pages: fonts a PDF names but does not embed are drawn from pdf.js's own files.
    ...(cMapUrl === undefined
      ? {}
      : { standardFontDataUrl: cMapUrl.replace(/cmaps\/$/, "standard_fonts/") }),
  });
  try {
    return await task.promise;
  } catch (error) {
    // A task that failed to open (a password it lacks) still holds the parsed file until destroyed.
    void task.destroy().catch(() => undefined);
    throw error;
  }
}

/** Maps pdf.js failures to the import error kinds; keeps the message for the log. */
export function classifyPdfError(error: unknown): PdfTaskError {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "PasswordException") return { kind: "ENCRYPTED", message };
  if (
    name === "InvalidPDFException" ||
    name === "FormatError" ||
    name === "UnknownErrorException" ||
    /Invalid PDF|XRef|trailer|startxref/i.test(message)
  ) {
    return { kind: "CORRUPT", message };
  }
  return { kind: "OTHER", message };
}

function metadataTitle(meta: Awaited<ReturnType<PDFDocumentProxy["getMetadata"]>>): string {
  const xmp: unknown = meta.metadata?.get("dc:title");
  if (typeof xmp === "string" && xmp.trim() !== "") return xmp.trim();
  const info = meta.info as { Title?: unknown };
  if (typeof info.Title === "string" && info.Title.trim() !== "") return info.Title.trim();
  return "";
}

type OutlineNode = Awaited<ReturnType<PDFDocumentProxy["getOutline"]>>[number];

/** A bookmark's destination is a name, or an explicit array whose first item is a page ref or index. */
async function destinationPage(
  doc: PDFDocumentProxy,
  dest: OutlineNode["dest"],
): Promise<number | null> {
  const explicit = typeof dest === "string" ? await doc.getDestination(dest) : dest;
  if (!Array.isArray(explicit) || explicit.length === 0) return null;
  const target: unknown = explicit[0];
  if (typeof target === "number") return target + 1;
  if (target !== null && typeof target === "object" && "num" in target) {
    return (await doc.getPageIndex(target as Parameters<PDFDocumentProxy["getPageIndex"]>[0])) + 1;
  }
  return null;
}

async function flattenOutline(
  doc: PDFDocumentProxy,
  nodes: OutlineNode[],
  level: number,
  out: OutlineEntry[],
): Promise<void> {
  for (const node of nodes) {
    let page: number | null = null;
    try {
      page = await destinationPage(doc, node.dest);
    } catch {
      // A broken bookmark must not fail the import; it only loses that heading.
    }
    const title = node.title.replace(/\s+/g, " ").trim();
    if (page !== null && title !== "") out.push({ title, level, page });
    if (Array.isArray(node.items) && node.items.length > 0)
      await flattenOutline(doc, node.items as OutlineNode[], level + 1, out);
  }
}

export async function readPdfMeta(doc: PDFDocumentProxy): Promise<PdfMeta> {
  const [meta, rawLabels, outline] = await Promise.all([
    doc.getMetadata().catch(() => null),
    doc.getPageLabels().catch(() => null),
    doc.getOutline().catch(() => null),
  ]);
  const entries: OutlineEntry[] = [];
  if (outline !== null) await flattenOutline(doc, outline, 1, entries);
  // pdf.js reports labels even when the PDF has none worth showing ("1", "2", ... for every page).
  const labels =
    rawLabels !== null && rawLabels.some((l, i) => l !== String(i + 1)) ? rawLabels : null;
  return {
    pageCount: doc.numPages,
    title: meta === null ? "" : metadataTitle(meta),
    labels,
    outline: entries,
  };
}

/** Places the bookmarks that point at this page in its text; ones not found there mark the page top. */
function outlineHeadings(text: string, entries: readonly OutlineEntry[]): HeadingMark[] {
  const marks: HeadingMark[] = [];
  let from = 0;
  for (const e of entries) {
    const at = findHeadingOffset(text, e.title, from);
    let offset = at >= 0 ? at : from;
    let title = e.title;
    // Bookmarks often omit the section number the page prints before the title ("6.3 Managing
    // libraries"): start the heading at the number so the chunk does not split the line.
    if (at >= 0) {
      const lineStart = text.lastIndexOf("\n", at - 1) + 1;
      const prefix = text.slice(lineStart, at);
      if (prefix.trim() !== "" && SECTION_NUMBER.test(prefix)) {
        offset = lineStart + (prefix.length - prefix.trimStart().length);
        title = `${prefix.trim()} ${e.title}`;
      }
    }
    marks.push({ offset, level: e.level, text: title });
    from = offset;
  }
  return marks;
}

export interface PageRangeRequest {
  from: number;
  to: number;
  /** Bookmarks pointing into [from, to]; when the document has none, headings come from text patterns. */
  outline: OutlineEntry[];
  hasOutline: boolean;
  labels: (string | null)[];
}

/** pdf.js operators that paint an image. */
async function imageOps(): Promise<number[]> {
  const { OPS } = await loadPdfjs();
  return [
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageXObjectRepeat,
    OPS.paintImageMaskXObject,
  ];
}

export async function readPageRange(
  doc: PDFDocumentProxy,
  req: PageRangeRequest,
): Promise<ParsedPage[]> {
  const pages: ParsedPage[] = [];
  let annotations = new Map<number, AnnotationLike[]>();
  try {
    annotations = await readAnnotations(doc, req.from, req.to);
  } catch (error) {
    // Damaged form fields or comments must not lose the pages' own text.
    if (classifyPdfError(error).kind === "ENCRYPTED") throw error;
  }
  for (let n = req.from; n <= req.to; n++) {
    let text = "";
    let annotationText: string[] = [];
    let needsOcr = false;
    try {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      text = joinTextItems(content.items as TextItemLike[]).text;
      // A scan (no text layer, or a scanner's garbage one) is read with OCR in a task of its own.
      needsOcr = textLayerUnusable(text) && (await pageHasImage(page, await imageOps()));
      try {
        annotationText = await readAnnotationText(page, text, annotations.get(n) ?? []);
      } catch (error) {
        // Damaged form fields or comments must not lose the page's own text.
        if (classifyPdfError(error).kind === "ENCRYPTED") throw error;
      }
      page.cleanup();
    } catch (error) {
      // One unreadable page (damaged content stream) should not lose the rest of a manual.
      if (classifyPdfError(error).kind === "ENCRYPTED") throw error;
    }
    // Headings come from the page's own text only: field values and comments are not headings,
    // and the offsets stay valid because that text is a prefix of the page text.
    const headings = req.hasOutline
      ? outlineHeadings(
          text,
          req.outline.filter((e) => e.page === n),
        )
      : detectHeadings(text);
    pages.push({
      page: n,
      text: appendAnnotationText(text, annotationText),
      label: req.labels[n - req.from] ?? null,
      headings,
      ...(needsOcr ? { needsOcr } : {}),
    });
  }
  return pages;
}
