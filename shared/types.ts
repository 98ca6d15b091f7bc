/** Domain types shared by engine, main, preload and renderer. Pure data, no behaviour. */
import type { ErrorCode } from "./errorCodes";

export type DocumentFormat =
  | "pdf"
  | "docx"
  | "html"
  | "markdown"
  | "text"
  | "csv"
  | "xlsx"
  | "ods"
  | "pptx"
  | "odp"
  | "odt"
  | "rtf"
  | "epub"
  | "eml"
  | "mbox"
  /** Outlook message (an OLE compound file). */
  | "msg"
  /** PNG, JPEG, TIFF, BMP or WebP, read with OCR (a multi-page TIFF gives pages). */
  | "image";

/**
 * `ready`: searchable. `changed`: superseded by a newer version of the same file (kept only as a
 * tombstone, so a citation to it says the document changed). A failed import leaves no document.
 */
export type DocumentStatus = "ready" | "changed";

export interface CollectionInfo {
  name: string;
  documentCount: number;
  createdAt: string;
  /** Set for a collection from a library pack IT deployed: read-only, "Managed by your organisation". Default: absent (the user's own). */
  managed?: ManagedCollectionInfo;
}

/** Where a managed collection comes from (a verified library pack), and how it is searched. */
export interface ManagedCollectionInfo {
  /** The pack's name and version, as IT built it. */
  pack: string;
  version: number;
  /** When and by whom the pack was built (ISO date; the builder's user, host and Enclave version). */
  builtAt: string;
  builtBy: string;
  /** false: its passages were embedded by another model than the selected one (or none), so it is searched by full text only. */
  vectorSearch: boolean;
  /** Why vectorSearch is false, in words for the user; absent when it is true. */
  note?: string;
}

export interface DocumentInfo {
  /** SHA-256 of the document's bytes (hex). */
  id: string;
  title: string;
  /** Base name of the file. */
  file: string;
  /** Absolute path the document was imported from. */
  path: string;
  format: DocumentFormat;
  pages: number;
  chunks: number;
  bytes: number;
  collections: string[];
  status: DocumentStatus;
  importedAt: string;
  language: string;
  /** For a `changed` tombstone: the id of the version that replaced it. */
  replacedBy?: string;
  /** For an e-mail attachment: the id of the document it came in. */
  parentId?: string;
}

/** A passage found by search, tied to its document and page. */
export interface Passage {
  chunkId: string;
  documentId: string;
  /** Base name of the file. */
  file: string;
  /** Absolute path the document was imported from. */
  path: string;
  title: string;
  /** 1-based physical page where the passage starts; non-paged formats use 1. */
  page: number;
  /** 1-based physical page where the passage ends (page or page + 1). */
  pageEnd: number;
  /** Printed page label of `page` where the PDF defines one. */
  pageLabel: string | null;
  /** Heading path joined with " › ", or "" when none. */
  heading: string;
  text: string;
  score: number;
  /** Offset of the passage's first character in the text of `page` (pdf.js getTextContent order). */
  charStart: number;
  /** Offset just past the passage's last character in the text of `pageEnd`. */
  charEnd: number;
  /** For a passage of an e-mail attachment: the message (document) it came in. */
  attachmentOf?: { documentId: string; title: string; file: string };
  /** For text read with OCR: the page's mean word confidence, 0–100 (see shared/ocr.ts). */
  ocr?: number;
}

export interface Citation extends Passage {
  /** The [n] marker number. */
  n: number;
  /** The part of the passage that supports the citing sentence(s), or "" when none was found. */
  span: string;
}

export interface AnswerSentence {
  text: string;
  /** Source numbers the sentence cites. */
  cites: number[];
  supported: boolean;
  /** Supporting text from a cited passage, "" when unsupported. */
  span: string;
}

export type AnswerMode = "generative" | "extractive";

export interface Answer {
  answer: string;
  mode: AnswerMode;
  /** false when the documents do not answer the question. */
  found: boolean;
  /** Only the sources whose markers appear in `answer`. */
  citations: Citation[];
  /** Every passage given to the model (or shown extractively), numbered. */
  sources: Citation[];
  sentences: AnswerSentence[];
  unsupported: string[];
  /** File name of the chat model, or null in extractive mode. */
  model: string | null;
  /** How many relevant passages did not fit the context budget. */
  omittedSources: number;
  /** Set when the question was rewritten using the conversation (follow-ups). */
  standaloneQuestion: string;
  /** Shown to the user, e.g. how to add a chat model in extractive mode. */
  notice: string;
  /**
   * Set when the question named a page ("page 14", "the cover page") and it was resolved to a
   * page of a document, e.g. `Page "14" read as printed page 14 (page 16 of manual.pdf).`
   * Absent otherwise (and in answers saved by older versions).
   */
  pageNote?: string;
}

export interface ConversationTurn {
  question: string;
  answer: Answer;
  askedAt: string;
}

export interface ConversationSummary {
  id: string;
  collection: string;
  title: string;
  updatedAt: string;
  turns: number;
  /**
   * Ids of the documents the conversation is scoped to, inside its collection; empty means the
   * whole collection. Follow-up questions keep it unless they pass their own `documents`.
   */
  documents: string[];
}

export interface Conversation extends ConversationSummary {
  history: ConversationTurn[];
}

export type ModelRole = "chat" | "embedding" | "reranker";

export type ModelSource = "bundled" | "policy" | "user" | "added" | "external";

export interface ModelInfo {
  /** Stable id: SHA-256 of the file's first and last MiB and its size (fast), hex. */
  id: string;
  file: string;
  path: string;
  source: ModelSource;
  role: ModelRole;
  architecture: string;
  /** Parameter count, when the file says. */
  parameters: number | null;
  quantization: string;
  sizeBytes: number;
  contextLength: number;
  embeddingLength: number;
  hasChatTemplate: boolean;
  /** false when policy (allowed hashes) or a failed check excludes it. */
  allowed: boolean;
  /** Why it is not allowed or not usable, "" otherwise. */
  problem: string;
}

export interface ModelsState {
  models: ModelInfo[];
  selected: Record<ModelRole, string | null>;
  /** "cuda" | "vulkan" | "metal" | "cpu", or null before the runtime has started. */
  gpu: string | null;
  /** Estimated memory the selected models need, in bytes. */
  memoryEstimateBytes: number;
  /** Folders searched, in order. */
  folders: { path: string; source: ModelSource }[];
  /** Languages OCR can read, installed or named by policy. Absent from older engines. */
  ocrLanguages?: OcrLanguageInfo[];
}

/** One OCR language: where its traineddata is and whether OCR reads with it (policy OcrLanguages). */
export interface OcrLanguageInfo {
  /** Tesseract's language code, e.g. "eng", "deu". */
  code: string;
  /**
   * "built-in": shipped with the app (English). "policy-folder": a traineddata file in the
   * OcrLanguagesDirectory folder. "missing": named in OcrLanguages but installed nowhere.
   */
  source: "built-in" | "policy-folder" | "missing";
  inUse: boolean;
}

export type ImportEvent =
  | { kind: "started"; requestId: string; file: string; path: string; index: number; total: number }
  | {
      kind: "progress";
      requestId: string;
      file: string;
      path: string;
      pagesDone: number;
      pagesTotal: number;
    }
  | {
      kind: "done";
      requestId: string;
      file: string;
      path: string;
      documentId: string;
      pages: number;
      chunks: number;
      skipped: boolean;
      truncatedChunks: number;
    }
  | { kind: "failed"; requestId: string; file: string; path: string; error: ErrorInfo }
  | {
      kind: "finished";
      requestId: string;
      imported: number;
      failed: number;
      skipped: number;
      /** Files not imported because the import was stopped (their results have code ABORTED). */
      stopped: number;
    };

export interface ImportFileResult {
  file: string;
  path: string;
  ok: boolean;
  /** Set when ok. */
  documentId?: string;
  pages?: number;
  chunks?: number;
  /** true when the same bytes were already in the collection. */
  skipped?: boolean;
  error?: ErrorInfo;
  /** For an e-mail attachment: the id of the message (document) it came in. */
  parentId?: string;
  /** What the file held that was left out, and why (e.g. an attached photo, until OCR). */
  notes?: string[];
  /** For an e-mail: its attachments as saved, each imported next as a child document. */
  attachments?: string[];
}

export interface ImportReport {
  requestId: string;
  results: ImportFileResult[];
  truncatedChunks: number;
}

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export interface PageText {
  documentId: string;
  page: number;
  pageCount: number;
  pageLabel: string | null;
  text: string;
  format: DocumentFormat;
  /**
   * For a page read with OCR: its words, in page-text order, with their boxes. `text` is these
   * words joined by `joinOcrWords` (shared/pageText.ts), so a passage's offsets select the words to
   * highlight. Absent for a page read from its text layer.
   */
  ocr?: PageOcrText;
}

/** The OCR reading of one page, as the viewer draws it over the page image. */
export interface PageOcrText {
  /** Mean word confidence, 0–100. */
  confidence: number;
  words: PageOcrWord[];
}

export interface PageOcrWord {
  text: string;
  /** True for the last word of a text line. */
  lineEnd: boolean;
  /**
   * [left, top, right, bottom] as fractions (0–1) of the page's width and height as displayed:
   * a PDF page as pdf.js draws it (its own /Rotate applied), an image as its EXIF orientation
   * shows it. A scan OCR read turned is turned back, so the box sits over the word on screen.
   */
  box: [number, number, number, number];
}

export interface PrivacyStatus {
  /** Web requests the shell blocked (expected: 0). */
  blockedRequests: number;
  blockedUrls: string[];
  /** Connections the engine's network guard refused. */
  guardRefusals: { at: string; kind: string; target: string }[];
}

export interface AppInfo {
  version: string;
  dataDir: string;
  /** Policy keys set by the administrator; the UI marks these as managed. */
  managedKeys: string[];
  /** Policy DisableExport: every export is refused (the UI hides export and says why). */
  exportDisabled: boolean;
  /** Policy LockSettings: model choices are read-only, managed by the organisation. */
  settingsLocked: boolean;
  /**
   * Files found damaged and set aside since the app started (settings, a conversation, the audit
   * head), one sentence each naming the file and where it went. Absent from older engines.
   */
  startupNotices?: string[];
}

/** The formats a conversation exports to: Markdown, or a printable PDF report with its sources. */
export type ExportFormat = "markdown" | "pdf";

/** What an export did: nothing when the save dialog was cancelled, else the saved file's name. */
export interface ExportResult {
  saved: boolean;
  /** Name of the written file (no folder), or null when nothing was saved. */
  fileName: string | null;
}

/** What one pass over a source folder changed (`enclave sync`, a watched folder's pass). */
export interface SyncReport {
  folder: string;
  collection: string;
  /** Paths of files imported for the first time. */
  added: string[];
  /** Paths of files whose bytes changed (the new version replaced the old one). */
  updated: string[];
  /** Files renamed or moved inside the folder: same bytes, so the same document and citations. */
  renamed: { from: string; to: string }[];
  /** Paths of files gone from the folder: their documents were deleted for real. */
  removed: string[];
  /** How many files were already in the library as they are. */
  unchanged: number;
  failed: { path: string; error: ErrorInfo }[];
}

/** A collection's source folder and where its syncing stands (the `sourceFolderStatus` event). */
export interface SourceFolderStatus {
  /** Stable id of this (collection, folder) pair. */
  id: string;
  collection: string;
  folder: string;
  /**
   * idle: in step with the folder; scanning: comparing the folder with the library; indexing:
   * importing or deleting; paused: waiting while a question is answered; missing: the folder
   * cannot be read (unplugged drive, removed); error: the last pass failed (see message).
   */
  state: "idle" | "scanning" | "indexing" | "paused" | "missing" | "error";
  /** Files of the current pass done and in all (0 and 0 when idle). */
  done: number;
  total: number;
  /** Measured over the current pass; null until measured. */
  filesPerSecond: number | null;
  /** Seconds left at the measured rate; null when idle or not yet measured. */
  etaSeconds: number | null;
  /** When the last full pass finished (ISO time); null before the first. */
  lastSyncAt: string | null;
  /** Counts of the last finished pass. */
  last: { added: number; updated: number; renamed: number; removed: number; failed: number } | null;
  message: string | null;
}
