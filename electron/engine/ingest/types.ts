/** What parsers produce and the chunker consumes. Kept free of LanceDB and of any parser library. */
import type { DocumentFormat } from "../../../shared/types";
import type { AttachmentFile } from "./formats/types";

/** One physical page's text, as the viewer will see it (pdf.js getTextContent order for PDFs). */
export interface ParsedPage {
  /** 1-based physical page number. */
  page: number;
  text: string;
  /** Printed page label where the document defines one. */
  label: string | null;
  /** Headings found on this page, in order; offsets are into `text`. */
  headings: HeadingMark[];
  /** Set when the text was read from the page image with OCR. Default: absent (a text layer). */
  ocr?: PageOcr;
  /** Set by the PDF worker on a page with no usable text layer but an image: OCR it. */
  needsOcr?: boolean;
}

/** How an OCR'd page was read: the page's mean word confidence and its OCR cache key. */
export interface PageOcr {
  /** Mean word confidence, 0–100. */
  confidence: number;
  /** The page image's hash: the OCR cache entry that holds its words and boxes. */
  hash: string;
}

export interface HeadingMark {
  /** Offset of the heading's first character in the page text. */
  offset: number;
  /** 1 = top level. */
  level: number;
  text: string;
}

/** A parsed document: metadata up front, pages streamed so a 2,500-page PDF never sits whole in memory. */
export interface ParsedDocument {
  format: DocumentFormat;
  /** From metadata, else the first heading, else the file name without extension. */
  title: string;
  pageCount: number;
  pages: AsyncIterable<ParsedPage>;
  /** Files inside it (e-mail attachments) saved for import as its child documents. Default: none. */
  attachments?: AttachmentFile[];
  /** What was left out and why (e.g. an attached photo). Default: none. */
  notes?: string[];
}

/** Progress of one document's parse. */
export interface ParseProgress {
  pagesDone: number;
  pagesTotal: number;
}
