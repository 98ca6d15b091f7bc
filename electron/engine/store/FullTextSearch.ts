/**
 * Full-text search over the chunks of ready documents in a scope, and the word statistics the
 * answer step weighs evidence with. The query is built by ftsQuery.ts (leaving out the scope's
 * common words) and run in one round trip by textSearch.ts.
 */
import type { Table } from "@lancedb/lancedb";
import type { Passage } from "../../../shared/types";
import type { ChunkIndexes } from "./ChunkIndexes";
import type { CommonWords } from "./CommonWords";
import type { DocumentCatalog } from "./DocumentCatalog";
import type { StoreTables } from "./schema";
import { toFullTextClauses, type FtsWeights } from "./ftsQuery";
import type { Lance } from "./lanceModule";
import { rowsOf, str } from "./rows";
import { searchChunkText } from "./textSearch";
import type { SearchScope, TermStatistics, TextQuery } from "./types";
import type { WriteQueue } from "./WriteQueue";

export class FullTextSearch {
  constructor(
    private readonly lance: Lance,
    private readonly tables: Pick<StoreTables, "chunks">,
    private readonly catalog: DocumentCatalog,
    private readonly commonWords: CommonWords,
    private readonly writes: WriteQueue,
    /** Which documents' rows the indexes lack (rows Lance would scan flat). */
    private readonly indexes: Pick<ChunkIndexes, "indexedAll" | "known">,
    /** Field weights; undefined for ftsQuery's defaults. */
    private readonly weights: FtsWeights | undefined,
  ) {}

  /** Read at each use: the store may reconnect and replace its handles (LanceStore.reconnect). */
  private get chunks(): Table {
    return this.tables.chunks;
  }

  async search(query: TextQuery, scope: SearchScope, limit: number): Promise<Passage[]> {
    await this.commonWords.ready();
    const filter = this.catalog.scopeFilter(scope, this.writes.active);
    const clauses = toFullTextClauses(this.lance, query, this.weights, this.commonWords.of(scope));
    if (filter === null || clauses.length === 0) return [];
    // When every document in scope is indexed, the rows Lance would scan flat (a background
    // import's, into another collection) cannot match, so the scan is skipped.
    const indexedOnly = this.indexes.indexedAll(this.catalog.inScope(scope).map((d) => d.id));
    const ranked = await searchChunkText(this.chunks, clauses, filter, limit, indexedOnly);
    const scores = new Map(ranked.map((e) => [str(e.row.id), e.score]));
    return this.catalog.passages(
      ranked.map((e) => e.row),
      (r) => scores.get(str(r.id)) ?? 0,
    );
  }

  /**
   * How many passages contain each word (as the index analyses it: lower-cased, stemmed), for
   * idf weights in the answer step. Counts stop at `cap`: past it a word is common either way,
   * and counting every hit of "data" would cost a scan. Once the indexes are known to exist,
   * rows not yet in them are left out (an estimate either way; during a large import they would
   * be scanned flat once per word of every question).
   */
  async termStats(words: string[], cap = 2000): Promise<TermStatistics> {
    const totalPassages = this.catalog.ready().reduce((n, d) => n + d.chunks, 0);
    const unique = [
      ...new Set(words.map((w) => w.toLowerCase()).filter((w) => /[\p{L}\p{N}]/u.test(w))),
    ];
    const counts = await Promise.all(
      unique.map(async (w) =>
        totalPassages === 0 ? 0 : (await rowsOf(this.countQuery(w, cap))).length,
      ),
    );
    return { totalPassages, documentFrequency: new Map(unique.map((w, i) => [w, counts[i] ?? 0])) };
  }

  private countQuery(word: string, cap: number) {
    const q = this.chunks
      .query()
      .fullTextSearch(new this.lance.MatchQuery(word, "text"))
      .select(["id", "_score"])
      .limit(cap);
    return this.indexes.known ? q.fastSearch() : q;
  }
}
