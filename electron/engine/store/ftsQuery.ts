/** The one translation from a prepared TextQuery to LanceDB full-text queries. */
import type { FullTextQuery } from "@lancedb/lancedb";
import type { Lance } from "./lanceModule";
import type { TextQuery } from "./types";

export interface FtsWeights {
  /** Weight of the title + heading path field relative to the body; 0 skips that query. Default: 2. */
  head?: number;
  /** Weight of a whole code-like term match (`read.table`). Default: 3. */
  code?: number;
}

/** Column names of the search fields, each with its own FTS index. */
export const FTS_COLUMNS = { body: "text", head: "head", codes: "codes" } as const;

export interface FtsClause {
  query: FullTextQuery;
  weight: number;
  /** Scores only the chunks the other clauses found (a title matches a whole document's chunks alike). */
  rescoresOnly: boolean;
}

/**
 * One single-field match per search field, run separately and summed by the caller. Not one
 * BooleanQuery: in Lance 0.31 a boolean query skips the top-k pruning a plain match gets (210 ms
 * against 7 ms at 1M chunks), and a MultiMatchQuery ignores its boosts.
 */
export function toFullTextClauses(
  lance: Lance,
  query: TextQuery,
  weights: FtsWeights = {},
  commonTerms: ReadonlySet<string> = new Set(),
): FtsClause[] {
  const clauses: FtsClause[] = [];
  if (query.terms.length > 0) {
    const words = query.terms.join(" ");
    clauses.push({
      query: new lance.MatchQuery(
        finderTerms(query.terms, commonTerms).join(" "),
        FTS_COLUMNS.body,
      ),
      weight: 1,
      rescoresOnly: false,
    });
    const head = weights.head ?? 2;
    if (head > 0)
      clauses.push({
        query: new lance.MatchQuery(words, FTS_COLUMNS.head),
        weight: head,
        rescoresOnly: true,
      });
  }
  if (query.codeTerms.length > 0) {
    clauses.push({
      query: new lance.MatchQuery(query.codeTerms.join(" "), FTS_COLUMNS.codes),
      weight: weights.code ?? 3,
      rescoresOnly: false,
    });
  }
  return clauses;
}

/** Fewest rare terms a body query keeps before it also searches the common ones. */
const MIN_RARE_TERMS = 2;

/**
 * The body query's terms: the question's terms less the common ones (see commonTerms.ts), as
 * long as at least MIN_RARE_TERMS remain; a question of common words searches them all.
 */
export function finderTerms(terms: string[], commonTerms: ReadonlySet<string>): string[] {
  const rare = terms.filter((t) => !commonTerms.has(t));
  return rare.length >= MIN_RARE_TERMS ? rare : terms;
}
