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
  const rows = await chunks.countRows();
  if (rows === 0) {
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
  if (missing.length < wanted.length) {
    // Versions older than SUPERSEDED_KEEP_MS go too: Lance's default keeps them a week, and each
    // refresh leaves whole superseded indexes behind.
    await chunks.optimize({ cleanupOlderThan: new Date(Date.now() - SUPERSEDED_KEEP_MS) });
    // optimize() folds the new rows into each full-text index as one more partition, and Lance
    // 0.31 prunes every partition's candidates against a top-k floor shared across partitions
    // but scored with partition-local BM25 statistics (lance-format/lance#7467, fixed upstream
    // after 0.31): a search over several partitions could miss its best passages, differently
    // from run to run (3 to 5 cold runs in 10 on a 4-manual library). So the full-text indexes
    // are rebuilt whole, one partition each, after every refresh of a table of up to
    // SINGLE_PARTITION_ROWS rows (about 36 µs a row: 0.5 s at 14,000 passages).
    if (rows <= SINGLE_PARTITION_ROWS)
      for (const [column, config] of wanted)
        if (isFullText(column) && !missing.some(([c]) => c === column))
          await chunks.createIndex(column, { config, replace: true });
  }
  return true;
}

/**
 * How long a superseded version of the chunks table stays on disk after a refresh replaced it:
 * long enough for any query of another process reading the folder (a read-only CLI beside the
 * app) to have finished with it, short enough that a background import of a large folder does
 * not leave a week of old indexes behind (several hundred MB for 44,000 passages).
 */
export const SUPERSEDED_KEEP_MS = 10 * 60_000;

/**
 * Up to this many passages the full-text indexes are kept in one partition (see above): about
 * 3.6 s of rebuilding per refresh at the limit. Above it they stay merged, with Lance's bug.
 */
export const SINGLE_PARTITION_ROWS = 100_000;

function isFullText(column: string): boolean {
  return (Object.values(FTS_COLUMNS) as string[]).includes(column);
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
