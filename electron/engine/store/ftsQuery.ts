/** The one translation from a prepared TextQuery to a LanceDB full-text query. */
import type { FullTextQuery } from "@lancedb/lancedb";
import type { Lance } from "./lanceModule";
import type { TextQuery } from "./types";

export interface FtsWeights {
  /** Weight of the title + heading path field relative to the body. Default: 2. */
  head?: number;
  /** Weight of a whole code-like term match (`read.table`). Default: 3. */
  code?: number;
}

/** Column names of the search fields, each with its own FTS index. */
export const FTS_COLUMNS = { body: "text", head: "head", codes: "codes" } as const;

/** null when the query has nothing to search for. */
export function toFullTextQuery(lance: Lance, query: TextQuery, weights: FtsWeights = {}): FullTextQuery | null {
  const clauses: [import("@lancedb/lancedb").Occur, FullTextQuery][] = [];
  if (query.terms.length > 0) {
    const words = query.terms.join(" ");
    // Separate clauses, not one MultiMatchQuery: Lance 0.31 scores a multi-match by its first
    // column only and ignores its boosts, while a boolean query sums its clauses' scores.
    clauses.push([lance.Occur.Should, new lance.MatchQuery(words, FTS_COLUMNS.body)]);
    clauses.push([lance.Occur.Should, new lance.MatchQuery(words, FTS_COLUMNS.head, { boost: weights.head ?? 2 })]);
  }
  if (query.codeTerms.length > 0) {
    clauses.push([lance.Occur.Should, new lance.MatchQuery(query.codeTerms.join(" "), FTS_COLUMNS.codes, { boost: weights.code ?? 3 })]);
  }
  if (clauses.length === 0) return null;
  if (clauses.length === 1) return clauses[0]![1];
  return new lance.BooleanQuery(clauses);
}
