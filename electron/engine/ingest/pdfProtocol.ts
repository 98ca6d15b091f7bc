/** Messages between `PdfWorkerPool` (main thread) and `pdfWorker` (worker thread), which also parses Word documents and text files. */
import type { NetworkRefusal } from "../net/networkGuard";
import type { FormatRequest, FormatResult } from "./formats/parseFormat";
import type { OcrTaskResult } from "./ocr/ocrTasks";
import type { OcrSettings } from "./ocr/types";
import type { ParsedDocx } from "./parseDocx";
import type { ParsedTextFile } from "./parseTextFile";
import type { PageRangeRequest, PdfMeta, PdfTaskError } from "./pdfTasks";
import type { ParsedPage } from "./types";

export type PdfWorkerRequest =
  | { type: "warm"; id: number }
  | { type: "meta"; id: number; docKey: string; path: string }
  | ({ type: "pages"; id: number; docKey: string; path: string } & PageRangeRequest)
  | { type: "docx"; id: number; path: string }
  | { type: "text"; id: number; path: string; claimed: string | null }
  | ({ type: "format"; id: number } & FormatRequest)
  | {
      type: "ocrPage";
      id: number;
      docKey: string;
      path: string;
      page: number;
      settings: OcrSettings;
    }
  | { type: "ocrImage"; id: number; path: string; frame: number; settings: OcrSettings }
  | { type: "close"; docKey: string };

export type PdfWorkerResponse =
  | { type: "warm"; id: number }
  | { type: "meta"; id: number; meta: PdfMeta }
  | { type: "pages"; id: number; pages: ParsedPage[] }
  | { type: "docx"; id: number; docx: ParsedDocx | null }
  | { type: "text"; id: number; text: ParsedTextFile | "binary" }
  | { type: "format"; id: number; result: FormatResult }
  | { type: "ocrPage"; id: number; result: OcrTaskResult }
  | { type: "ocrImage"; id: number; frames: number; result: OcrTaskResult }
  | { type: "error"; id: number; error: PdfTaskError }
  /** Unprompted: the worker's network guard refused a connection (for the main thread's list). */
  | { type: "refusal"; refusal: NetworkRefusal };

/** An OCR task as the pool's caller sends it, and the worker's reply to it. */
type OcrTask = Extract<PdfWorkerRequest, { type: "ocrPage" | "ocrImage" }>;
export type OcrRequest = OcrTask extends infer R
  ? R extends OcrTask
    ? Omit<R, "id">
    : never
  : never;
export type OcrReply<T extends OcrRequest> = Extract<PdfWorkerResponse, { type: T["type"] }>;
