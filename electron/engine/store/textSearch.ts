/** One full-text search over the chunks table: each field's query, scores summed per chunk. */
import type { Table } from "@lancedb/lancedb";
import type { FtsClause } from "./ftsQuery";
import { PASSAGE_COLUMNS, rowsOf, str, type Row } from "./rows";

/** Title/heading matches fetched to boost the finders' candidates (heading fields are short, so this is cheap). */
const HEAD_BOOST_POOL = 1000;

export interface ScoredRow {
  row: Row;
  score: number;
}

/**
 * Body and code matches find the candidates (each field's top `limit` hits, summed by chunk);
 * the title/heading field adds its score to those candidates only. A wider pool per field
 * (2 x limit) ranked the dev set no better and cost ~8 ms at p95 over 1M chunks.
 * `filter`: a where string from where.ts, or "" for none. `indexedOnly`: skip rows not yet in
 * the indexes (Lance's flat scan); only when no row in scope can be among them.
 */
export async function searchChunkText(
  chunks: Table,
  clauses: FtsClause[],
  filter: string,
  limit: number,
  indexedOnly = false,
): Promise<ScoredRow[]> {
  const run = (
    fts: FtsClause["query"],
    n: number,
    columns: readonly string[] = PASSAGE_COLUMNS,
  ): Promise<Row[]> => {
    let q = chunks
      .query()
      .fullTextSearch(fts)
      .select([...columns, "_score"])
      .limit(n);
    if (filter !== "") q = q.where(filter);
    if (indexedOnly) q = q.fastSearch();
    return rowsOf(q);
  };
  const merged = new Map<string, ScoredRow>();
  const add = (rows: Row[], weight: number, insert: boolean): void => {
    for (const row of rows) {
      const id = str(row.id);
      const entry = merged.get(id);
      if (entry !== undefined) entry.score += weight * Number(row._score);
      else if (insert) merged.set(id, { row, score: weight * Number(row._score) });
    }
  };
  // One round trip: the title/heading query runs beside the finders over a wide pool, and only
  // adds to candidates the finders found.
  const finders = clauses.filter((c) => !c.rescoresOnly);
  const boosts = clauses.filter((c) => c.rescoresOnly);
  const [found, boosted] = await Promise.all([
    Promise.all(finders.map((c) => run(c.query, limit))),
    Promise.all(boosts.map((c) => run(c.query, HEAD_BOOST_POOL, ["id"]))),
  ]);
  finders.forEach((c, i) => add(found[i] ?? [], c.weight, true));
  boosts.forEach((c, i) => add(boosted[i] ?? [], c.weight, false));
  return [...merged.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}
