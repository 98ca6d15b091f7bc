/**
 * The main-thread side of formats/: asks a pool worker to parse the file (parseFormat) and turns
 * its pages into the streamed ParsedDocument every importer path consumes.
 */
import { basename, extname } from "node:path";
import type { DocumentFormat } from "../../../../shared/types";
import { importError, ImportError } from "../ImportError";
import { pdfImportError } from "../parsePdf";
import type { PdfWorkerPool } from "../PdfWorkerPool";
import type { ParsedDocument, ParsedPage, ParseProgress } from "../types";
import type { FormatRequest } from "./parseFormat";

export interface FormatDocumentOptions {
  pool: PdfWorkerPool;
  signal?: AbortSignal;
  onProgress?: (p: ParseProgress) => void;
  /** Where e-mail attachments are saved for import. Default: none (they are noted, not saved). */
  attachmentsDir?: string;
  /** Builds the error for a file that is something else (WRONG_TYPE or UNSUPPORTED). */
  wrong: (what: string) => ImportError;
}

export async function formatDocument(
  path: string,
  sniffed: FormatRequest["sniffed"],
  claimed: DocumentFormat | null,
  options: FormatDocumentOptions,
): Promise<ParsedDocument> {
  let result;
  try {
    result = await options.pool.format(
      { path, claimed, sniffed, attachmentsDir: options.attachmentsDir ?? null },
      options.signal,
    );
  } catch (error) {
    throw pdfImportError(path, error);
  }
  if ("notOurs" in result) throw options.wrong(result.notOurs);
  const pages = result.pages;
  if (!pages.some((p) => /\S/.test(p.text)) && result.attachments.length === 0)
    throw new ImportError(
      "NO_TEXT",
      path,
      `"${basename(path)}" contains no text to index: check that it is the right file, then import it again.`,
    );
  async function* stream(): AsyncGenerator<ParsedPage> {
    for (const [i, page] of pages.entries()) {
      await Promise.resolve();
      if (options.signal?.aborted === true) throw importError("ABORTED", path);
      yield page;
      options.onProgress?.({ pagesDone: i + 1, pagesTotal: pages.length });
    }
  }
  const name = basename(path);
  return {
    format: result.format,
    title:
      result.title ||
      pages.flatMap((p) => p.headings)[0]?.text ||
      name.slice(0, name.length - extname(name).length),
    pageCount: pages.length,
    pages: stream(),
    attachments: result.attachments,
    notes: result.notes,
  };
}
