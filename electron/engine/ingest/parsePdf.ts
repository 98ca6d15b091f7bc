import { randomUUID } from "node:crypto";
import { importError, ImportError } from "./ImportError";
import { PdfTaskCancelledError, PdfTaskFailedError, type PdfWorkerPool } from "./PdfWorkerPool";
import type { PdfMeta } from "./pdfTasks";
import type { ParsedPage, ParseProgress } from "./types";

/** PDFs up to this many pages are parsed as one task on one worker. */
const WHOLE_DOCUMENT_PAGES = 160;

export interface PdfStreamOptions {
  pool: PdfWorkerPool;
  signal?: AbortSignal;
  onProgress?: (p: ParseProgress) => void;
  /** Pages per worker task. Default: 16; up to 160 pages, the whole document (busy pool) or an equal share per worker (idle pool). */
  blockPages?: number;
}

/** Turns a worker failure into the user-facing import error; a crashed worker is rethrown as is. */
export function pdfImportError(path: string, error: unknown): ImportError {
  if (error instanceof ImportError) return error;
  if (error instanceof PdfTaskCancelledError) return importError("ABORTED", path, "", error);
  if (error instanceof PdfTaskFailedError && error.kind === "IMPORT" && error.code !== undefined)
    return new ImportError(error.code, path, error.detail, { cause: error });
  if (error instanceof PdfTaskFailedError && error.kind === "ENCRYPTED")
    return importError("ENCRYPTED", path, "", error);
  if (error instanceof PdfTaskFailedError && error.kind === "TIMEOUT")
    return importError(
      "TOO_LARGE",
      path,
      `reading it took too long: ${error.detail}, so Enclave stopped; it may be damaged or built to exhaust the computer`,
      error,
    );
  if (error instanceof PdfTaskFailedError && error.kind === "MEMORY")
    return importError(
      "TOO_LARGE",
      path,
      `reading it needed too much memory: ${error.detail}, so Enclave stopped; it may be damaged or built to exhaust the computer`,
      error,
    );
  if (error instanceof PdfTaskFailedError && error.kind === "CRASHED") throw error;
  const detail =
    error instanceof Error
      ? error.message.replace(/^PDF parsing failed: /, "").replace(/\. Check the file.*$/, "")
      : "";
  return importError("CORRUPT", path, detail, error);
}

/** Reads the PDF's page count, title, labels and outline in a worker. */
export async function readPdfMetaIn(
  pool: PdfWorkerPool,
  path: string,
  docKey: string,
  signal?: AbortSignal,
): Promise<PdfMeta> {
  try {
    return await pool.meta(path, docKey, signal);
  } catch (error) {
    pool.closeDocument(docKey);
    throw pdfImportError(path, error);
  }
}

/**
 * Streams a PDF's pages in order while the pool's workers parse blocks of pages ahead in parallel.
 * At most `2 × pool size` blocks are in flight or buffered, so memory stays bounded whatever the
 * page count, and one long manual still keeps every core busy.
 */
export async function* streamPdfPages(
  path: string,
  docKey: string,
  meta: PdfMeta,
  options: PdfStreamOptions,
): AsyncGenerator<ParsedPage> {
  const { pool, signal } = options;
  const total = meta.pageCount;
  // A short PDF goes to one worker whole when the pool already has other work (another document):
  // splitting it would make every worker parse the same fonts, costing more CPU than it saves.
  // On an idle pool it is split so that a single import still uses every core.
  const small = pool.busy ? total : Math.ceil(total / pool.size);
  const block = Math.max(1, options.blockPages ?? (total <= WHOLE_DOCUMENT_PAGES ? small : 16));
  const blocks: { from: number; to: number }[] = [];
  for (let from = 1; from <= total; from += block)
    blocks.push({ from, to: Math.min(total, from + block - 1) });
  const lookahead = pool.size * 2;
  const inFlight = new Map<number, Promise<ParsedPage[]>>();
  const hasOutline = meta.outline.length > 0;
  let next = 0;
  let done = 0;
  const submit = (k: number): void => {
    const b = blocks[k];
    if (b === undefined) return;
    const p = pool.pages(
      path,
      docKey,
      {
        from: b.from,
        to: b.to,
        hasOutline,
        outline: meta.outline.filter((e) => e.page >= b.from && e.page <= b.to),
        labels: meta.labels === null ? [] : meta.labels.slice(b.from - 1, b.to),
      },
      signal,
    );
    // Blocks may fail while an earlier one is awaited; the failure surfaces when its turn comes.
    p.catch(() => undefined);
    inFlight.set(k, p);
  };
  try {
    for (let k = 0; k < blocks.length; k++) {
      while (next < blocks.length && next < k + lookahead) submit(next++);
      if (aborted(signal)) throw importError("ABORTED", path);
      let pages: ParsedPage[];
      try {
        pages = await (inFlight.get(k) ?? Promise.resolve([]));
      } catch (error) {
        throw pdfImportError(path, error);
      }
      inFlight.delete(k);
      for (const page of pages) {
        if (aborted(signal)) throw importError("ABORTED", path);
        yield page;
        done++;
      }
      options.onProgress?.({ pagesDone: done, pagesTotal: total });
    }
  } finally {
    pool.closeDocument(docKey);
  }
}

/** A function, so the compiler does not narrow `signal.aborted` across awaits. */
function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

export function newDocKey(): string {
  return randomUUID();
}
