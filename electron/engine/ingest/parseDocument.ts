import { open, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { DocumentFormat } from "../../../shared/types";
import { importError, ImportError } from "./ImportError";
import type { ParsedDocx } from "./parseDocx";
import type { ParsedTextFile } from "./parseTextFile";
import { newDocKey, pdfImportError, readPdfMetaIn, streamPdfPages } from "./parsePdf";
import { PdfWorkerPool } from "./PdfWorkerPool";
import { formatDocument } from "./formats/formatDocument";
import { imageKind } from "./ocr/imageHeader";
import { parseImageDocument } from "./ocr/parseImageDocument";
import { withOcr } from "./ocr/withOcr";
import { claimedFormat, sniffFormat } from "./sniffFormat";
import type { HeadingMark, ParsedDocument, ParsedPage, ParseProgress } from "./types";

export interface ParseOptions {
  /** Files larger than this are refused with TOO_LARGE. Default 1 GiB. */
  maxFileBytes?: number;
  /** Called as pages finish (PDF: after each block of pages; other formats: once). Default: none. */
  onProgress?: (p: ParseProgress) => void;
  /** Aborting stops parsing; the page stream then throws ImportError "ABORTED". Default: none. */
  signal?: AbortSignal;
  /** Worker pool for PDFs and Word documents. Default: the process-wide `PdfWorkerPool.shared()`. */
  pool?: PdfWorkerPool;
  /**
   * Text, Markdown and HTML files larger than this are refused with TOO_LARGE. Default 128 MiB
   * (measured: 3 s and 480 MB peak RSS in a worker). Reading one costs a few times its size in
   * the worker's heap, and a worker that hits its heap limit can abort the whole process
   * (nodejs/node#47224), so the size is checked before any of it is read.
   */
  maxTextBytes?: number;
  /** Where e-mail attachments are saved to be imported as child documents. Default: none (noted, not saved). */
  attachmentsDir?: string;
  /** Pages per PDF worker task. Default: 16; short PDFs (≤ 160 pages) whole, or split per worker when the pool is idle. */
  pdfBlockPages?: number;
}

const DEFAULT_MAX_FILE_BYTES = 1024 ** 3;
const DEFAULT_MAX_TEXT_BYTES = 128 * 1024 ** 2;
/** How many leading textless pages to look at before deciding lazily whether a PDF has a text layer. */
const NO_TEXT_PEEK_PAGES = 32;
const HEAD_BYTES = 8192;
/** Formats whose files are never plain text: text under such a name is something else. */
const BINARY_FORMATS = new Set<DocumentFormat>([
  "pdf",
  "docx",
  "xlsx",
  "ods",
  "pptx",
  "odp",
  "odt",
  "rtf",
  "epub",
  "msg",
  "image",
]);
/** Formats that are text underneath but have their own parser in formats/. */
const TEXT_BASED_FORMATS = new Set<DocumentFormat>(["csv", "eml", "mbox"]);

function fileStem(path: string): string {
  const name = basename(path);
  const ext = extname(name);
  return ext === "" ? name : name.slice(0, -ext.length);
}

/** The first non-blank line of a page when it is short enough to be a title, else "". */
function titleLine(text: string): string {
  const line =
    text
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.trim() ?? "";
  return line.length >= 3 && line.length <= 120 && /\p{L}/u.test(line) ? line : "";
}

function hasText(page: ParsedPage): boolean {
  return /\S/.test(page.text);
}

async function readHead(path: string): Promise<Uint8Array> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function* onePage(
  page: ParsedPage,
  options: ParseOptions,
  path: string,
): AsyncGenerator<ParsedPage> {
  // Yield to the event loop first, as a real parse would, so consumers cannot rely on synchronous pages.
  await Promise.resolve();
  if (options.signal?.aborted === true) throw importError("ABORTED", path);
  yield page;
  options.onProgress?.({ pagesDone: 1, pagesTotal: 1 });
}

function singlePageDocument(
  path: string,
  format: DocumentFormat,
  title: string,
  text: string,
  headings: HeadingMark[],
  options: ParseOptions,
): ParsedDocument {
  if (!/\S/.test(text)) {
    throw new ImportError(
      "NO_TEXT",
      path,
      `"${basename(path)}" contains no text to index: check that it is the right file, then import it again.`,
    );
  }
  const page: ParsedPage = { page: 1, text, label: null, headings };
  return {
    format,
    title: title || headings[0]?.text || fileStem(path),
    pageCount: 1,
    pages: onePage(page, options, path),
  };
}

/** Word documents are read in the pool's workers, under the same heap limit and watchdog as PDFs. */
async function parseDocxIn(
  pool: PdfWorkerPool,
  path: string,
  signal?: AbortSignal,
): Promise<ParsedDocx | null> {
  try {
    return await pool.docx(path, signal);
  } catch (error) {
    throw pdfImportError(path, error);
  }
}

async function parsePdfDocument(path: string, options: ParseOptions): Promise<ParsedDocument> {
  const pool = options.pool ?? PdfWorkerPool.shared();
  const key = newDocKey();
  const meta = await readPdfMetaIn(pool, path, key, options.signal);
  if (meta.pageCount === 0) {
    pool.closeDocument(key);
    throw importError("CORRUPT", path, "it has no pages");
  }
  const pdfPages = streamPdfPages(path, key, meta, {
    pool,
    signal: options.signal,
    onProgress: options.onProgress,
    blockPages: options.pdfBlockPages,
  });
  // Scanned pages (no usable text layer, an image) are read with OCR on their way out.
  const stream = withOcr(pdfPages, { pool, path, docKey: key, signal: options.signal });
  // Look ahead until the first page with text so an image-only PDF is refused up front; a long
  // run of blank leading pages is decided at the end of the stream instead, to bound memory.
  const buffered: ParsedPage[] = [];
  let sawText = false;
  let ended = false;
  while (!sawText && buffered.length < NO_TEXT_PEEK_PAGES) {
    const r = await stream.next();
    if (r.done === true) {
      ended = true;
      break;
    }
    buffered.push(r.value);
    sawText = hasText(r.value);
  }
  if (ended && !sawText) throw importError("NO_TEXT", path);
  const firstHeading = buffered.flatMap((p) => p.headings)[0]?.text;
  // Manuals often have an untitled title page before the first bookmark: its first line is the title.
  const firstBookmarkPage = meta.outline[0]?.page ?? 1;
  const titlePageLine =
    firstBookmarkPage > 1 && buffered[0]?.page === 1 ? titleLine(buffered[0].text) : "";
  async function* pages(): AsyncGenerator<ParsedPage> {
    let any = sawText;
    yield* buffered.splice(0);
    for await (const page of { [Symbol.asyncIterator]: () => stream }) {
      any ||= hasText(page);
      yield page;
    }
    if (!any) throw importError("NO_TEXT", path);
  }
  return {
    format: "pdf",
    title: meta.title || titlePageLine || meta.outline[0]?.title || firstHeading || fileStem(path),
    pageCount: meta.pageCount,
    pages: pages(),
  };
}

/**
 * Parses a PDF, DOCX, HTML, Markdown or text file, choosing the parser from the file's content
 * (magic bytes), with the extension only breaking ties between text formats. Metadata comes back
 * at once; pages stream. Throws `ImportError` (code EMPTY, ENCRYPTED, CORRUPT, NO_TEXT, WRONG_TYPE,
 * UNSUPPORTED, TOO_LARGE, ABORTED) for files it cannot import; the page stream can also throw it.
 */
export async function parseDocument(
  path: string,
  options: ParseOptions = {},
): Promise<ParsedDocument> {
  if (options.signal?.aborted === true) throw importError("ABORTED", path);
  const info = await stat(path);
  if (!info.isFile())
    throw importError("UNSUPPORTED", path, "it is a folder or a device, not a file");
  const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (info.size > limit)
    throw importError(
      "TOO_LARGE",
      path,
      `${Math.ceil(info.size / 1024 ** 2)} MiB; the limit is ${Math.floor(limit / 1024 ** 2)} MiB`,
    );
  if (info.size === 0) throw importError("EMPTY", path);

  const claimed = claimedFormat(path);
  const head = await readHead(path);
  const sniffed = sniffFormat(head);
  const wrong = (what: string): ImportError =>
    claimed !== null
      ? importError(
          "WRONG_TYPE",
          path,
          `it is ${what}, not ${claimed === "docx" ? "a Word document" : claimed === "image" ? "an image" : `a ${claimed.toUpperCase()} file`}`,
        )
      : importError("UNSUPPORTED", path, `it is ${what}`);

  const pool = options.pool ?? PdfWorkerPool.shared();
  const viaFormats = { ...options, pool, wrong };
  const image = imageKind(head);
  if (image !== null && image !== "gif" && (claimed === null || claimed === "image"))
    return await parseImageDocument(path, { ...options, pool });
  if (claimed === "image") throw wrong(sniffed.kind === "other" ? sniffed.what : "not an image");
  switch (sniffed.kind) {
    case "pdf":
      return await parsePdfDocument(path, options);
    case "rtf":
    case "cfb":
      return await formatDocument(path, sniffed.kind, claimed, viaFormats);
    case "zip": {
      const docx = await parseDocxIn(pool, path, options.signal);
      if (docx === null) return await formatDocument(path, "zip", claimed, viaFormats);
      return singlePageDocument(
        path,
        "docx",
        docx.title,
        docx.page.text,
        docx.page.headings,
        options,
      );
    }
    case "other":
      throw wrong(sniffed.what);
    case "text":
      break;
  }
  if (claimed !== null && BINARY_FORMATS.has(claimed))
    throw wrong("not binary at all (plain text or damaged data)");
  const textLimit = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
  if (info.size > textLimit)
    throw importError(
      "TOO_LARGE",
      path,
      `${Math.ceil(info.size / 1024 ** 2)} MiB of text; text, Markdown and HTML files are read up to ${Math.floor(textLimit / 1024 ** 2)} MiB`,
    );
  if (claimed !== null && TEXT_BASED_FORMATS.has(claimed))
    return await formatDocument(path, "text", claimed, viaFormats);
  let parsed: ParsedTextFile | "binary";
  try {
    parsed = await (options.pool ?? PdfWorkerPool.shared()).text(path, claimed, options.signal);
  } catch (error) {
    throw pdfImportError(path, error);
  }
  if (parsed === "binary") throw wrong("binary data");
  return singlePageDocument(
    path,
    parsed.format,
    parsed.title,
    parsed.text,
    parsed.headings,
    options,
  );
}
