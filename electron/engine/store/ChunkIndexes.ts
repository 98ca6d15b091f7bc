/**
 * Keeps the chunks' search indexes in step with the rows: the full-text and scalar indexes
 * (searchIndexes.ts), the ANN index when rows were deleted (VectorTable), and the common-word
 * sample that follows every index change. Imports add many documents in a row, so new rows are
 * folded in once per import (refresh) rather than per document; until then Lance scans them flat.
 */
import type { Table } from "@lancedb/lancedb";
import type { CommonWords } from "./CommonWords";
import type { StoreTables } from "./schema";
import type { Lance } from "./lanceModule";
import { FTS_COLUMNS } from "./ftsQuery";
import { ensureSearchIndexes } from "./searchIndexes";
import type { VectorTable } from "./VectorTable";

export class ChunkIndexes {
  /** Rows were added since the indexes were last brought up to date. */
  private stale = false;
  /**
   * An update ran in this session. Until one has, a write updates at once: that builds the
   * indexes of a new store and folds the first rows into those found on open.
   */
  private built = false;
  /**
   * Documents with rows added since the indexes were last brought up to date; null until an
   * update ran in this session (rows left unindexed by an earlier session are not known).
   */
  private unindexed: Set<string> | null = null;
  private textWarmed: Promise<void> = Promise.resolve();

  constructor(
    private readonly lance: Lance,
    private readonly tables: Pick<StoreTables, "chunks">,
    private readonly vectors: VectorTable,
    private readonly commonWords: CommonWords,
    /** Snowball stemmer language of the full-text index (Lance language name). */
    private readonly language: string,
  ) {}

  /** Read at each use: the store may reconnect and replace its handles (LanceStore.reconnect). */
  private get chunks(): Table {
    return this.tables.chunks;
  }

  /** Before documents' chunks are added: until the next update, searches in scope of them scan flat. */
  adding(documentIds: readonly string[]): void {
    for (const id of documentIds) this.unindexed?.add(id);
  }

  /** After a document's chunks were added: the session's first write updates now, later ones wait for refresh(). */
  async added(): Promise<void> {
    if (this.built) this.stale = true;
    else await this.update(false);
  }

  /**
   * Whether every row of these documents is in the indexes, so a search limited to them may skip
   * Lance's flat scan of unindexed rows (those of other documents, e.g. a large import running
   * into another collection). False while that is not known.
   */
  indexedAll(documentIds: readonly string[]): boolean {
    const unindexed = this.unindexed;
    return unindexed !== null && documentIds.every((id) => !unindexed.has(id));
  }

  /** Whether the indexes exist and which documents' rows they lack is known. */
  get known(): boolean {
    return this.unindexed !== null;
  }

  /** Folds the rows added since the last update into the indexes (and compacts fragments); whether there were any. */
  async refresh(): Promise<boolean> {
    if (!this.stale) return false;
    await this.update(false);
    return true;
  }

  /** After rows were deleted: rebuilds every index from the remaining rows (see ensureSearchIndexes). */
  rebuild(): Promise<void> {
    return this.update(true);
  }

  /** Resolves once the background upkeep is done: the common-word sample and the warm-ups. */
  async settled(): Promise<void> {
    await Promise.all([this.commonWords.idle(), this.vectors.warmed(), this.textWarmed]);
  }

  /**
   * Loads the indexes' current versions: the scalar ones before it returns, the full-text ones in
   * the background. After each update, and on a new connection (LanceStore.reconnect).
   */
  async warm(): Promise<void> {
    await warmScalarIndexes(this.chunks);
    this.textWarmed = warmTextIndexes(this.lance, this.chunks);
  }

  private async update(rebuild: boolean): Promise<void> {
    this.stale = false;
    this.built = true;
    const indexed = await ensureSearchIndexes(this.lance, this.chunks, this.language, rebuild);
    this.unindexed = indexed ? new Set() : null;
    if (indexed) await this.warm();
    // Old IVF partitions keep deleted vectors' codes, so deletion retrains the ANN index too.
    if (rebuild) await this.vectors.maintainIndex(true);
    this.commonWords.resample();
  }
}

/**
 * One tiny query per full-text index, in the background after each update: Lance loads a new
 * index version on its first query, and without this that is the user's next question (about
 * 100 ms more after each refresh of a background import). A failure only costs the warm-up.
 */
async function warmTextIndexes(lance: Lance, chunks: Table): Promise<void> {
  for (const column of Object.values(FTS_COLUMNS))
    await chunks
      .query()
      .fullTextSearch(new lance.MatchQuery("the", column))
      .select(["id", "_score"])
      .limit(1)
      .toArray()
      .catch(() => undefined);
}

/**
 * Loads the new versions of the scalar indexes (the document filter every scoped search uses,
 * the passage ids) before the update returns. Left to the next question, that load made the
 * first question after each refresh of a background import take 120-220 ms instead of about 45
 * (bench:sync). They are small; a failure only costs the warm-up.
 */
async function warmScalarIndexes(chunks: Table): Promise<void> {
  for (const index of await chunks.listIndices())
    if (index.indexType !== "FTS") await chunks.prewarmIndex(index.name).catch(() => undefined);
}
