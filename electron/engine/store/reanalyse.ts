/**
 * Keeps what the store derived from text at index time in step with the text analyser
 * (shared/text, ANALYSER_VERSION): the chunks' `codes` column and the full-text indexes. A
 * library records the analyser version that built it beside its schema version; on open, a
 * library that records another version, or none (built before the version was recorded), is
 * re-analysed. Nothing is parsed again: the derived column is recomputed from the stored text.
 *
 * Crash-safe: each step commits on its own and can run again (recomputing gives the same values,
 * indexes are replaced whole), and the version is recorded only after every step committed, so a
 * run killed midway simply runs again at the next open.
 */
import type { Connection, Table } from "@lancedb/lancedb";
import { ANALYSER_VERSION } from "../../../shared/text";
import { loadLance } from "./lanceModule";
import { readMetaNumber, writeMetaNumber } from "./metaValues";
import { chunkCodes, str } from "./rows";
import { TABLES } from "./schema";
import { ensureSearchIndexes } from "./searchIndexes";

const ANALYSER_KEY = "analyser_version";

export interface ReanalyseOptions {
  /** Snowball stemmer language of the full-text index, as LanceStoreOptions.ftsLanguage. Default: "English". */
  ftsLanguage?: string;
  /** Changed rows written per commit. Default: 5,000. */
  batchSize?: number;
  /** Told after each commit of rewritten rows (a large library takes a while). Default: none. */
  onProgress?: (written: number, changed: number) => void;
}

/** What a re-analysis did, for logs and tests. */
export interface ReanalyseReport {
  /** The analyser version the library recorded before; null when none. */
  from: number | null;
  chunks: number;
  /** Chunks whose `codes` value changed. */
  changed: number;
  ms: number;
}

export function readAnalyserVersion(meta: Table): Promise<number | null> {
  return readMetaNumber(meta, ANALYSER_KEY);
}

/**
 * Re-analyses the library when its recorded analyser version is not ANALYSER_VERSION, then
 * records the current one. `hasData`: whether the folder already held a store (a new one has
 * nothing to re-analyse). Returns what was done, or null when the library was up to date.
 */
export async function ensureAnalyserVersion(
  db: Connection,
  meta: Table,
  hasData: boolean,
  options: ReanalyseOptions = {},
): Promise<ReanalyseReport | null> {
  const recorded = await readAnalyserVersion(meta);
  if (recorded === ANALYSER_VERSION) return null;
  let report: ReanalyseReport | null = null;
  if (hasData && (await db.tableNames()).includes(TABLES.chunks)) {
    const chunks = await db.openTable(TABLES.chunks);
    try {
      report = await reanalyseChunks(chunks, recorded, options);
    } finally {
      chunks.close();
    }
  }
  await writeMetaNumber(meta, ANALYSER_KEY, ANALYSER_VERSION);
  return report;
}

async function reanalyseChunks(
  chunks: Table,
  from: number | null,
  options: ReanalyseOptions,
): Promise<ReanalyseReport> {
  const started = performance.now();
  // Read everything first, write after: merged rows move to new fragments, and a scan that
  // overlapped its own writes could meet a row twice or miss one. Only changed rows are kept.
  let count = 0;
  const changed: { id: string; codes: string }[] = [];
  for await (const batch of chunks.query().select(["id", "heading", "text", "codes"])) {
    for (const row of batch.toArray() as Record<string, unknown>[]) {
      count++;
      const codes = chunkCodes(str(row.heading), str(row.text));
      if (codes !== str(row.codes)) changed.push({ id: str(row.id), codes });
    }
  }
  const batchSize = options.batchSize ?? 5000;
  for (let i = 0; i < changed.length; i += batchSize) {
    // Only `id` and `codes`: the other columns of a matched row stay as they are.
    await chunks
      .mergeInsert("id")
      .whenMatchedUpdateAll()
      .execute(changed.slice(i, i + batchSize));
    options.onProgress?.(Math.min(i + batchSize, changed.length), changed.length);
  }
  // The indexes are rebuilt even when no row changed: the index-time tokenizer settings are part
  // of the analyser too (searchIndexes.ts).
  const lance = await loadLance();
  await ensureSearchIndexes(lance, chunks, options.ftsLanguage ?? "English", true);
  return { from, chunks: count, changed: changed.length, ms: performance.now() - started };
}
