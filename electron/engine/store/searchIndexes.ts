/** Index upkeep for the chunks table, and the pruning that makes deletion real. */
import type { Table } from "@lancedb/lancedb";
import { FTS_COLUMNS } from "./ftsQuery";
import type { Lance } from "./lanceModule";

/**
 * Creates the chunk indexes once the table has rows, and otherwise folds new rows into them
 * (`optimize` also compacts the small fragments each import batch leaves). Rows not yet indexed
 * stay searchable meanwhile: Lance scans them flat.
 *
 * Resolves to whether the indexes exist now (not over an empty table).
 *
 * `rebuild` after a deletion: Lance's optimize keeps index partitions that still list deleted
 * rows' tokens, so real deletion rebuilds every index from the remaining rows (then
 * purgeOldVersions removes the old index files).
 */
export async function ensureSearchIndexes(
  lance: Lance,
  chunks: Table,
  language: string,
  rebuild = false,
): Promise<boolean> {
  if ((await chunks.countRows()) === 0) {
    // An index over no rows cannot be built, so the old one (holding deleted tokens) must go.
    if (rebuild) for (const index of await chunks.listIndices()) await chunks.dropIndex(index.name);
    return false;
  }
  const existing = new Set((await chunks.listIndices()).map((i) => i.columns.join(",")));
  // No positions: phrase closeness is scored in JS (retrieve/rescore), and Lance 0.31 fails to
  // merge new rows into a positional index of this size ("Max offset ... exceeds length of values").
  const words = {
    language,
    stem: true,
    removeStopWords: false,
    asciiFolding: true,
    lowercase: true,
    withPosition: false,
  };
  const wanted: [string, import("@lancedb/lancedb").Index][] = [
    [FTS_COLUMNS.body, lance.Index.fts({ ...words, baseTokenizer: "simple" })],
    [FTS_COLUMNS.head, lance.Index.fts({ ...words, baseTokenizer: "simple" })],
    // Code terms are matched whole: no stemming, no splitting at punctuation.
    [
      FTS_COLUMNS.codes,
      lance.Index.fts({
        baseTokenizer: "whitespace",
        lowercase: true,
        stem: false,
        asciiFolding: false,
        withPosition: false,
        maxTokenLength: 80,
      }),
    ],
    ["id", lance.Index.btree()],
    ["doc_id", lance.Index.bitmap()],
  ];
  const missing = rebuild ? wanted : wanted.filter(([column]) => !existing.has(column));
  for (const [column, config] of missing)
    await chunks.createIndex(column, { config, replace: true });
  if (missing.length < wanted.length) await chunks.optimize();
  return true;
}

/**
 * Drops every version but the current one and deletes the files only they used, so deleted text
 * no longer exists anywhere under the data folder. `deleteUnverified` is safe here because the
 * store is the only writer of its folder and holds its write lock while calling this.
 */
export async function purgeOldVersions(tables: Table[]): Promise<void> {
  for (const table of tables)
    await table.optimize({ cleanupOlderThan: new Date(), deleteUnverified: true });
}
