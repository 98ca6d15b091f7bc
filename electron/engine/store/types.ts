/** The store's contract with the rest of the engine. LanceDB details stay behind it. */
import type {
  CollectionInfo,
  DocumentFormat,
  DocumentInfo,
  PageText,
  Passage,
} from "../../../shared/types";

/**
 * A passage ready to be stored, as the chunker (ingest) makes it; declared here because the store
 * defines what it accepts.
 * Page range is at most two consecutive pages.
 */
export interface ChunkDraft {
  /** 0-based position of the chunk in its document. */
  index: number;
  page: number;
  pageEnd: number;
  /** Offset of the first character in the text of `page`. */
  charStart: number;
  /** Offset just past the last character in the text of `pageEnd`. */
  charEnd: number;
  /** Heading path from the top level down, e.g. ["6 Add-on packages", "6.1 Default packages"]. */
  headingPath: string[];
  text: string;
}

export interface NewDocument {
  /** SHA-256 of the bytes, hex. */
  id: string;
  title: string;
  file: string;
  path: string;
  format: DocumentFormat;
  bytes: number;
  /** ISO 639-1 code detected from the text, e.g. "en"; drives stemming. */
  language: string;
  collection: string;
  /** For an e-mail attachment: the id of the document it came in. Default: none. */
  parent?: string;
}

/** One page's text and label, stored so citations and the viewer never need to re-parse. */
export interface PageRecord {
  page: number;
  text: string;
  label: string | null;
}

/** Chunks (and their pages) for one document, produced while parsing. */
export interface DocumentWrite {
  doc: NewDocument;
  pageCount: number;
  chunks: AsyncIterable<{ chunks: ChunkDraft[]; pages: PageRecord[] }>;
  /** The previous version (same path, other bytes) to replace in the same commit, if any. */
  replaces?: string;
}

/** A prepared full-text query (see retrieve/query handling). */
export interface TextQuery {
  /** The user's words as typed. */
  raw: string;
  /** Terms after normalisation (stop words removed, code-like terms kept whole). */
  terms: string[];
  /** Code-like tokens such as `par(mfrow)`, `R_LIBS_USER`, `--with-x`. */
  codeTerms: string[];
}

export interface SearchScope {
  collections: string[];
  /**
   * Only these documents (ids), and only those of them in one of `collections`. Undefined or
   * empty: every document of the collections.
   */
  documents?: readonly string[];
}

/** Which of a document's passages to read (default: all, with their text). */
export interface PassageSelection {
  /** Only passages on one of these physical pages (starting there, or running onto it). */
  pages?: readonly number[];
  /** Only the passages at these positions in reading order (their chunk indexes). */
  indexes?: readonly number[];
  /** Leave the text out (""): enough for the outline, and a fraction of the bytes. Default false. */
  withoutText?: boolean;
}

/** How many passages the library holds, and how many of them contain each word (for idf weights). */
export interface TermStatistics {
  totalPassages: number;
  /**
   * Keyed by each asked word, lower-cased (words without a letter or digit are left out). A count
   * may stop at a cap: past it a word is common either way.
   */
  documentFrequency: Map<string, number>;
}

export interface Store {
  close(): Promise<void>;

  listCollections(): Promise<CollectionInfo[]>;
  createCollection(name: string): Promise<CollectionInfo>;
  renameCollection(from: string, to: string): Promise<CollectionInfo>;
  /** Returns how many documents were deleted for real (those in no other collection). */
  deleteCollection(name: string): Promise<number>;

  getDocument(id: string): Promise<DocumentInfo | null>;
  /** Ready documents imported from this absolute path (any collection). */
  findByPath(path: string): Promise<DocumentInfo[]>;
  listDocuments(collection: string): Promise<DocumentInfo[]>;
  /** Ready documents that came in this one (its e-mail attachments). */
  childDocuments(id: string): Promise<DocumentInfo[]>;
  /** Adds an existing document to another collection without re-parsing. */
  addToCollection(documentId: string, collection: string): Promise<void>;
  /**
   * Writes a document and its chunks as one commit: until it returns, searches see the previous
   * state; if the process dies midway, the next open discards the partial write.
   */
  writeDocument(write: DocumentWrite): Promise<void>;
  /**
   * Writes several documents with one commit (many small files): all of them or, after a failure
   * or a kill, none, while documents committed earlier stay.
   */
  writeDocuments(writes: DocumentWrite[]): Promise<void>;
  /**
   * Records that a ready document's file now lives at `path` (renamed or moved, same bytes): its
   * id, passages and every citation of it stay.
   */
  movePath(id: string, path: string): Promise<void>;
  /** Removes from a collection; deletes for real (compact + prune) when in no other. Returns whether deleted. */
  removeDocument(id: string, collection: string): Promise<boolean>;
  getPageText(documentId: string, page: number): Promise<PageText>;

  searchText(query: TextQuery, scope: SearchScope, limit: number): Promise<Passage[]>;
  /** Printed page labels by physical page (index 0 is page 1), null where none; [] for an unknown document. */
  pageLabels(documentId: string): Promise<(string | null)[]>;
  /** The document's passages in reading order: all, or those `selection` names. */
  documentPassages(documentId: string, selection?: PassageSelection): Promise<Passage[]>;
  /** Passage counts per word, matched as the full-text index analyses words (stemmed, folded). */
  termStats(words: string[]): Promise<TermStatistics>;
  /** Brings search indexes up to date after writes (called once per import, not per document). */
  refreshIndexes(): Promise<void>;
}

/** One embedding to store for a chunk. */
export interface VectorRow {
  chunkId: string;
  vector: Float32Array;
}

/** A chunk that still needs an embedding from the current model. */
export interface ChunkToEmbed {
  chunkId: string;
  documentId: string;
  title: string;
  heading: string;
  text: string;
}

/**
 * Embeddings, kept apart from the text so that switching the embedding model re-embeds in the
 * background while full-text search keeps working. One model's vectors are stored at a time.
 */
export interface VectorStore {
  /**
   * Adds or replaces vectors; vectors of another model are dropped first. `fresh`: the caller
   * knows none of these chunks has a vector from this model yet (they came from chunksToEmbed
   * or a new document), so nothing is looked up to replace. Default: false.
   */
  upsertVectors(modelId: string, rows: VectorRow[], options?: { fresh?: boolean }): Promise<void>;
  /** Chunks of ready documents without a vector from this model, at most `limit`. */
  chunksWithoutVectors(modelId: string, limit: number): Promise<ChunkToEmbed[]>;
  /**
   * Every chunk of a ready document without a vector from this model, in batches of at most
   * `batchSize`, reading the model's vector ids once and each document's chunks once: a whole
   * re-embed reads the library once. Documents committed after the first batch may be left out.
   */
  chunksToEmbed(modelId: string, batchSize: number): AsyncIterable<ChunkToEmbed[]>;
  /** Nearest chunks by cosine distance within the scope; score = 1 - distance. */
  searchVector(vector: Float32Array, scope: SearchScope, limit: number): Promise<Passage[]>;
}
