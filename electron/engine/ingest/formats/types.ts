/** What a format parser returns from the worker: every page at once (these files are small). */
import type { DocumentFormat } from "../../../../shared/types";
import type { ParsedPage } from "../types";

/** A file found inside a document (an e-mail attachment), saved to be imported as its child. */
export interface AttachmentFile {
  /** The name the sender gave it, made safe as a file name. */
  name: string;
  /** Where the parser saved its bytes. */
  path: string;
}

export interface ParsedFormat {
  format: DocumentFormat;
  /** From the file's metadata (or e-mail subject), "" when none. */
  title: string;
  pages: ParsedPage[];
  /** Attachments to import as child documents, in the order they appear. */
  attachments: AttachmentFile[];
  /** What was left out and why (e.g. an attached photo, until images are read with OCR). */
  notes: string[];
}

/** A sheet's cells as rows of display strings, with the sheet's own 1-based row numbers. */
export interface SheetRows {
  name: string;
  rows: { row: number; cells: string[] }[];
}
