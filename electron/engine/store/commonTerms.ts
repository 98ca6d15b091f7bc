/**
 * The words that appear in a large share of passages ("data", "function", "1" in a manual
 * library), estimated from an even sample of the chunks table. A full-text query spends most of
 * its time walking these words' long posting lists while their low idf barely moves the ranking,
 * so the finder query leaves them out (re-scoring still counts them: retrieve/rescore).
 * The estimate is per search scope: a word common in one case's collection may be rare in another's.
 */
import type { Table } from "@lancedb/lancedb";
import { rowsOf, str } from "./rows";
import { indexWords } from "../../../shared/text";

export interface CommonTermOptions {
  /**
   * Share of passages from which a word counts as common. Default: 0.1. Measured on the dev set
   * and at 1M chunks: 0.05 dropped hit@1 from 0.62 to 0.50; 0.1 and 0.2 kept hit@1/hit@5, and
   * 0.1 cut hybrid p95 more (55 ms against 64 ms, with the unpruned query at ~70 ms).
   */
  share?: number;
  /** Passages read for the estimate (evenly spaced over the table). Default: 2,000 (~150 ms at 1M rows). */
  sampleSize?: number;
}

/**
 * Fewest sampled passages a scope needs for an estimate. Below it the scope is small (under a
 * tenth of a large library, or a small library read whole) and fast to search with every word.
 * At 200 the share of a word at the 10% cut is known to about ±2%.
 */
const MIN_SAMPLED = 200;

/** Sampled passages split into words between turns of the event loop. */
const YIELD_EVERY = 100;

/** Per document: how many of its passages were sampled, and in how many of them each word occurs. */
type DocumentCounts = { passages: number; words: Map<string, number> };

export class TermSample {
  private constructor(
    private readonly byDocument: Map<string, DocumentCounts>,
    private readonly share: number,
  ) {}

  static async take(chunks: Table, options: CommonTermOptions = {}): Promise<TermSample> {
    const count = await chunks.countRows();
    const n = Math.min(count, options.sampleSize ?? 2000);
    const byDocument = new Map<string, DocumentCounts>();
    if (n > 0) {
      const offsets = Array.from({ length: n }, (_, i) => Math.floor((i * count) / n));
      const rows = await rowsOf(chunks.takeOffsets(offsets).select(["doc_id", "text"]));
      for (const [i, row] of rows.entries()) {
        // Words are split on the main thread: a question asked meanwhile (the sample is retaken
        // after every index refresh, also during a background import) waits a slice, not all.
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((r) => setImmediate(r));
        const docId = str(row.doc_id);
        let counts = byDocument.get(docId);
        if (counts === undefined)
          byDocument.set(docId, (counts = { passages: 0, words: new Map() }));
        counts.passages++;
        for (const word of new Set(indexWords(str(row.text))))
          counts.words.set(word, (counts.words.get(word) ?? 0) + 1);
      }
    }
    return new TermSample(byDocument, options.share ?? 0.1);
  }

  /** The common words among these documents' passages; none when too few of them were sampled. */
  commonWords(documentIds: Iterable<string>): Set<string> {
    let passages = 0;
    const frequency = new Map<string, number>();
    for (const id of documentIds) {
      const counts = this.byDocument.get(id);
      if (counts === undefined) continue;
      passages += counts.passages;
      for (const [word, n] of counts.words) frequency.set(word, (frequency.get(word) ?? 0) + n);
    }
    if (passages < MIN_SAMPLED) return new Set();
    const cut = this.share * passages;
    return new Set([...frequency].filter(([, n]) => n >= cut).map(([word]) => word));
  }
}
