/** What the audit log records. Every entry also gets seq, time, OS user and app version. */
import type { MirrorGap } from "./compareWithMirror";

/** A passage's place: the document (SHA-256 of its bytes) and the page. */
export interface AuditPassageRef {
  documentId: string;
  page: number;
}

/** How a document was shown: its page text, its bytes to the built-in viewer, or the system viewer. */
export type AuditViewVia = "page-text" | "document-bytes" | "system-viewer";

export type AuditEvent =
  | {
      /**
       * A question, written before retrieval and generation start; its `ask` entry (same
       * requestId) follows when the answer is complete or stopped.
       */
      kind: "question";
      requestId: string;
      collection: string;
      question: string;
      /** SHA-256 of the chat model file, null for extractive answers. */
      chatModel: string | null;
      /** SHA-256 of the embedding model file, null for full-text only retrieval. */
      embeddingModel: string | null;
    }
  | {
      kind: "import";
      collection: string;
      file: string;
      documentId: string;
      ok: boolean;
      error?: string;
    }
  | {
      kind: "ask";
      /** Pairs this entry with its `question` entry; absent in logs written before 0.2. */
      requestId?: string;
      /** True when the user stopped the answer: `answer` is the part that was shown. */
      stopped?: boolean;
      collection: string;
      question: string;
      answer: string;
      retrieved: AuditPassageRef[];
      cited: AuditPassageRef[];
      /** SHA-256 of the chat model file, null for extractive answers. */
      chatModel: string | null;
      /** SHA-256 of the embedding model file, null for full-text only retrieval. */
      embeddingModel: string | null;
    }
  | { kind: "remove-document"; collection: string; documentId: string; deleted: boolean }
  | { kind: "delete-collection"; collection: string; removedDocuments: number }
  | { kind: "export"; collection: string; conversationId: string }
  | {
      kind: "search";
      collections: string[];
      query: string;
      /** The passages returned, in rank order. */
      results: AuditPassageRef[];
    }
  | {
      kind: "view";
      documentId: string;
      /** The page shown; null when the whole document was handed out. */
      page: number | null;
      via: AuditViewVia;
    }
  | {
      kind: "model";
      /** "select": the model chosen for a role (null: none); "add": a file added to the catalog. */
      action: "select" | "add";
      role: string | null;
      modelId: string | null;
      /** The file added (action "add"). */
      file?: string;
    }
  | {
      kind: "policy";
      managedKeys: string[];
      /** The managed keys' values as applied; absent in logs written before 0.2. */
      values?: Record<string, unknown>;
      problems: string[];
    }
  | {
      /** The head file could not be read at start (see recoverAuditHead.ts). */
      kind: "audit-head-recovered";
      /** Why the head could not be used. */
      reason: string;
      /** Files renamed aside in the audit folder (`<name>.corrupt-<time>`), kept as evidence. */
      setAside: string[];
      /** "continued": re-derived from the local seed, every line verified; "new": this log starts a new chain. */
      chain: "continued" | "new";
      /** Lines in the log when the head was lost. Without the head, a cut end before that is unprovable. */
      linesFound: number;
      /** Hash of the last of those lines. */
      lastHashFound: string;
    }
  | {
      /**
       * At start, the OS log held entries of this folder's log that the file lacks or
       * contradicts: the file was put back from an older copy, cut, reset or deleted.
       */
      kind: "audit-log-reset";
      /** The OS log, in words. */
      mirror: string;
      /** Lines in the file at start. */
      linesFound: number;
      /** Everything the OS log holds that the file lacks, per chain (compareWithMirror.ts). */
      gaps: MirrorGap[];
    }
  | {
      /** The OS log could not be written (these lines are not in it) or, at start, read. */
      kind: "audit-mirror-failed";
      mirror: string;
      op: "write" | "read";
      /** The lines not mirrored (op "write"). */
      fromSeq?: number;
      toSeq?: number;
      reason: string;
    };

/** One line of the log as written. */
export interface AuditEntry {
  v: 1;
  seq: number;
  at: string;
  user: string;
  appVersion: string;
  event: AuditEvent;
  /** `hash` of the previous line ("0" x 64 for the first). */
  prev: string;
  /** HMAC-SHA256 of the line (without this field) under the line's ratcheted key. */
  hash: string;
}

/**
 * The chain head, kept in its own file beside the log. It holds the key for the next line;
 * earlier keys are gone, so whoever reads this file cannot rewrite or drop earlier lines.
 */
export interface AuditHead {
  v: 1;
  lines: number;
  lastHash: string;
  /** Key for line `lines + 1` (hex). */
  nextKey: string;
  /** HMAC-SHA256 of `${lines}:${lastHash}` under nextKey: a head claiming fewer lines needs a deleted key. */
  mac: string;
}
