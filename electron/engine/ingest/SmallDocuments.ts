/**
 * Small documents share commits. A one-paragraph note costs a few milliseconds to parse but five
 * Lance commits to write alone (about 80 ms), so the importer parks fully parsed small documents
 * here and writes them together (Store.writeDocuments: one "writing" merge, shared appends, one
 * committing merge). The crash guarantees stay those of one document: a kill rolls back the
 * group in flight at the next open, and a document is reported imported only once its group has
 * committed. When a group fails, its documents are written one by one, so one bad document
 * fails alone.
 */
import type { DocumentInfo, ImportFileResult } from "../../../shared/types";
import type { DocumentWrite, Store } from "../store/types";
import type { ImportEmbedding } from "./ImportEmbedding";

/** A parsed document waiting for its group's commit. */
export interface ParkedDocument {
  write: DocumentWrite;
  /** The result to report once committed. */
  result: ImportFileResult;
  /** The version this one replaces (same path, other bytes): its other collections carry over. */
  previous?: DocumentInfo;
}

export interface SmallDocumentsOptions {
  /**
   * Documents per shared commit, or a function asked at each document (a background pass: small
   * groups while the user is asking, so a question waits less behind a write). Default: 256.
   */
  maxDocuments?: number | (() => number);
  /** Passages per shared commit. Default: 4,096. */
  maxChunks?: number;
  /** Longest a parked document waits for its group, in ms (so progress keeps moving). Default: 3,000. */
  maxWaitMs?: number;
}

/** Largest document, in passages, that is parked rather than written alone. */
export const SMALL_DOCUMENT_CHUNKS = 8;

export class SmallDocuments {
  private parked: ParkedDocument[] = [];
  private chunks = 0;
  private since = 0;

  constructor(
    private readonly store: Store,
    private readonly embedding: ImportEmbedding | undefined,
    private readonly options: SmallDocumentsOptions = {},
  ) {}

  /** Whether these bytes are already parked (a duplicate file in the same import). */
  holds(id: string): boolean {
    return this.parked.some((p) => p.write.doc.id === id);
  }

  /** Parks a document; true when the group is due (call flush). */
  park(doc: ParkedDocument, chunks: number): boolean {
    if (this.parked.length === 0) this.since = performance.now();
    this.parked.push(doc);
    this.chunks += chunks;
    return (
      this.parked.length >= this.maxDocuments() ||
      this.chunks >= (this.options.maxChunks ?? 4096) ||
      performance.now() - this.since >= (this.options.maxWaitMs ?? 3000)
    );
  }

  private maxDocuments(): number {
    const max = this.options.maxDocuments ?? 256;
    return typeof max === "function" ? max() : max;
  }

  /**
   * Commits the parked documents; resolves to each one's result (a failure as a failed result)
   * in the order parked.
   */
  async flush(
    toError: (error: unknown, doc: ParkedDocument) => ImportFileResult,
  ): Promise<ImportFileResult[]> {
    const group = this.parked;
    this.parked = [];
    this.chunks = 0;
    if (group.length === 0) return [];
    try {
      await this.store.writeDocuments(group.map((p) => p.write));
      const results: ImportFileResult[] = [];
      for (const p of group) results.push(await this.committed(p));
      return results;
    } catch {
      // The group rolled back whole: write each alone, so the bad one fails by itself. The
      // drafts are in memory, so the writes replay them.
      const results: ImportFileResult[] = [];
      for (const p of group) {
        try {
          await this.store.writeDocument(p.write);
          results.push(await this.committed(p));
        } catch (error) {
          this.embedding?.discard(p.write.doc.id);
          results.push(toError(error, p));
        }
      }
      return results;
    }
  }

  private async committed(p: ParkedDocument): Promise<ImportFileResult> {
    const { id, collection } = p.write.doc;
    this.embedding?.commit(id);
    for (const c of p.previous?.collections ?? [])
      if (c !== collection) await this.store.addToCollection(id, c);
    return p.result;
  }
}
