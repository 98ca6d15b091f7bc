/**
 * The Store on LanceDB. Commit model: a document's row in `documents` is the commit point.
 * Chunks and pages are appended first while the row says "writing"; searches only read chunks
 * of "ready" documents (the scope filter lists their ids), so a half-written document is never
 * visible, and the next open rolls back whatever a killed process left behind.
 */
import { SerialQueue } from "../serialQueue";
import type { Connection, Table } from "@lancedb/lancedb";
import type { CollectionInfo, DocumentInfo, PageText, Passage } from "../../../shared/types";
import {
  CollectionExistsError,
  CollectionNotFoundError,
  DocumentNotFoundError,
  PageNotFoundError,
} from "./errors";
import { TermSample, type CommonTermOptions } from "./commonTerms";
import { toFullTextClauses, type FtsWeights } from "./ftsQuery";
import { loadLance, type Lance } from "./lanceModule";
import { runMigrations } from "./runMigrations";
import {
  PASSAGE_COLUMNS,
  rowsOf,
  str,
  toChunkRow,
  toDocumentInfo,
  toDocumentRow,
  toPassage,
  type DocumentRow,
} from "./rows";
import { ensureSearchIndexes, purgeOldVersions } from "./searchIndexes";
import { searchChunkText } from "./textSearch";
import {
  collectionsSchema,
  documentsSchema,
  metaSchema,
  pagesSchema,
  chunksSchema,
  TABLES,
} from "./schema";
import type {
  ChunkToEmbed,
  DocumentWrite,
  SearchScope,
  Store,
  TextQuery,
  VectorRow,
  VectorStore,
} from "./types";
import { VectorTable, type VectorTableOptions } from "./VectorTable";
import { eq, inList } from "./where";

export interface LanceStoreOptions extends VectorTableOptions {
  /** Snowball stemmer language of the full-text index (Lance language name). Default: "English". */
  ftsLanguage?: string;
  /** Field weights of full-text search. Default: see FtsWeights. */
  ftsWeights?: FtsWeights;
  /** Which words the body query may leave out as too common (commonTerms.ts). Default: see CommonTermOptions. */
  commonTerms?: CommonTermOptions;
}

export class LanceStore implements Store, VectorStore {
  /** Serialises writes: Lance commits are atomic per table, the store's steps are not. */
  private readonly queue = new SerialQueue();
  private readonly docs = new Map<string, DocumentRow>();
  /** Rows were added since the indexes were last brought up to date. */
  private indexStale = false;
  /** The indexes exist (at least once built in this session or found on open). */
  private indexed = false;
  /** Writes in progress; while any runs, every search filters by document id. */
  private writing = 0;
  /** A sample of passages' words for the common-word estimate (commonTerms.ts); retaken after every change. */
  private termSample: TermSample | undefined;
  /** Background upkeep after open and after changes (the word sample). */
  private readonly upkeep = new SerialQueue();
  /** The last scope's common words, valid while neither the sample nor the documents change. */
  private commonCache: { key: string; sample: TermSample; words: ReadonlySet<string> } | undefined;
  /** Bumped on every change to `docs`. */
  private docsVersion = 0;

  private constructor(
    private readonly lance: Lance,
    private readonly db: Connection,
    private readonly tables: Record<"collections" | "documents" | "pages" | "chunks", Table>,
    private readonly vectors: VectorTable,
    private readonly options: LanceStoreOptions,
  ) {}

  static async open(dataDir: string, options: LanceStoreOptions = {}): Promise<LanceStore> {
    const lance = await loadLance();
    const db = await lance.connect(dataDir);
    const existing = new Set(await db.tableNames());
    const open = async (name: string, schema: import("apache-arrow").Schema): Promise<Table> =>
      existing.has(name)
        ? db.openTable(name)
        : db.createEmptyTable(name, schema, { existOk: true });
    await runMigrations(db, await open(TABLES.meta, metaSchema), existing.has(TABLES.documents));
    const tables = {
      collections: await open(TABLES.collections, collectionsSchema),
      documents: await open(TABLES.documents, documentsSchema),
      pages: await open(TABLES.pages, pagesSchema),
      chunks: await open(TABLES.chunks, chunksSchema),
    };
    const vectors = await VectorTable.open(lance, db, options);
    const store = new LanceStore(lance, db, tables, vectors, options);
    await store.recover();
    store.resampleTerms();
    return store;
  }

  /**
   * Resolves once the background work after open or a change is done: the common-word estimate
   * of the current contents, and the ANN index loaded into memory. Searches never wait for it;
   * meanwhile they use the previous estimate and read the index from disk.
   */
  async settled(): Promise<void> {
    await Promise.all([this.upkeep.idle(), this.vectors.warmed()]);
  }

  async close(): Promise<void> {
    await this.queue.idle();
    await this.settled();
    for (const t of Object.values(this.tables)) t.close();
    await this.vectors.close();
    this.db.close();
  }

  // --- collections -------------------------------------------------------------------------

  async listCollections(): Promise<CollectionInfo[]> {
    const rows = await rowsOf(this.tables.collections.query());
    return rows
      .map((r) => ({
        name: str(r.name),
        createdAt: str(r.created_at),
        documentCount: this.ready().filter((d) => d.collections.includes(str(r.name))).length,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  createCollection(name: string): Promise<CollectionInfo> {
    return this.exclusive(async () => {
      if (await this.collectionExists(name)) throw new CollectionExistsError(name);
      const createdAt = new Date().toISOString();
      await this.tables.collections.add([{ name, created_at: createdAt }]);
      return { name, createdAt, documentCount: 0 };
    });
  }

  renameCollection(from: string, to: string): Promise<CollectionInfo> {
    return this.exclusive(async () => {
      const row = (await rowsOf(this.tables.collections.query().where(eq("name", from))))[0];
      if (row === undefined) throw new CollectionNotFoundError(from);
      if (from !== to && (await this.collectionExists(to))) throw new CollectionExistsError(to);
      const members = [...this.docs.values()].filter((d) => d.collections.includes(from));
      await this.upsertDocs(
        members.map((d) => ({
          ...d,
          collections: d.collections.map((c) => (c === from ? to : c)),
        })),
      );
      await this.tables.collections.add([{ name: to, created_at: str(row.created_at) }]);
      await this.tables.collections.delete(nameIs(from));
      return {
        name: to,
        createdAt: str(row.created_at),
        documentCount: members.filter((d) => d.status === "ready").length,
      };
    });
  }

  deleteCollection(name: string): Promise<number> {
    return this.exclusive(async () => {
      if (!(await this.collectionExists(name))) throw new CollectionNotFoundError(name);
      const members = [...this.docs.values()].filter((d) => d.collections.includes(name));
      const orphans = members.filter((d) => d.collections.length === 1);
      const shared = members.filter((d) => d.collections.length > 1);
      await this.upsertDocs(
        shared.map((d) => ({ ...d, collections: d.collections.filter((c) => c !== name) })),
      );
      await this.purge(orphans.map((d) => d.id));
      await this.tables.collections.delete(nameIs(name));
      return orphans.filter((d) => d.status === "ready").length;
    });
  }

  // --- documents ---------------------------------------------------------------------------

  getDocument(id: string): Promise<DocumentInfo | null> {
    const row = this.docs.get(id);
    return Promise.resolve(
      row === undefined || row.status === "writing" || row.status === "deleting"
        ? null
        : toDocumentInfo(row),
    );
  }

  findByPath(path: string): Promise<DocumentInfo[]> {
    return Promise.resolve(
      this.ready()
        .filter((d) => d.path === path)
        .map(toDocumentInfo),
    );
  }

  listDocuments(collection: string): Promise<DocumentInfo[]> {
    const rows = this.ready().filter((d) => d.collections.includes(collection));
    return Promise.resolve(rows.sort((a, b) => a.title.localeCompare(b.title)).map(toDocumentInfo));
  }

  addToCollection(documentId: string, collection: string): Promise<void> {
    return this.exclusive(() => this.addMembership(documentId, collection));
  }

  writeDocument(write: DocumentWrite): Promise<void> {
    return this.exclusive(() => this.write(write));
  }

  removeDocument(id: string, collection: string): Promise<boolean> {
    return this.exclusive(async () => {
      const row = this.docs.get(id);
      if (row === undefined || !row.collections.includes(collection))
        throw new DocumentNotFoundError(id);
      if (row.collections.length > 1) {
        await this.upsertDocs([
          { ...row, collections: row.collections.filter((c) => c !== collection) },
        ]);
        return false;
      }
      await this.purge([id]);
      return true;
    });
  }

  async getPageText(documentId: string, page: number): Promise<PageText> {
    const doc = this.docs.get(documentId);
    if (doc === undefined || doc.status !== "ready") throw new DocumentNotFoundError(documentId);
    const rows = await rowsOf(
      this.tables.pages
        .query()
        .where(`${eq("doc_id", documentId)} AND ${eq("page", page)}`)
        .limit(1),
    );
    const row = rows[0];
    if (row === undefined) throw new PageNotFoundError(documentId, page, doc.pages);
    const label = row.label === null || row.label === undefined ? null : str(row.label);
    return {
      documentId,
      page,
      pageCount: doc.pages,
      pageLabel: label,
      text: str(row.text),
      format: doc.format,
    };
  }

  // --- search ------------------------------------------------------------------------------

  async searchText(query: TextQuery, scope: SearchScope, limit: number): Promise<Passage[]> {
    const filter = this.scopeFilter(scope);
    const clauses = toFullTextClauses(
      this.lance,
      query,
      this.options.ftsWeights,
      this.commonWords(scope),
    );
    if (filter === null || clauses.length === 0) return [];
    const ranked = await searchChunkText(this.tables.chunks, clauses, filter, limit);
    const scores = new Map(ranked.map((e) => [str(e.row.id), e.score]));
    return this.passages(
      ranked.map((e) => e.row),
      (r) => scores.get(str(r.id)) ?? 0,
    );
  }

  async searchVector(vector: Float32Array, scope: SearchScope, limit: number): Promise<Passage[]> {
    const filter = this.scopeFilter(scope);
    if (filter === null) return [];
    const hits = await this.vectors.search(vector, filter, limit);
    if (hits.length === 0) return [];
    const rows = await rowsOf(
      this.tables.chunks
        .query()
        .where(
          inList(
            "id",
            hits.map((h) => h.chunkId),
          ),
        )
        .select(PASSAGE_COLUMNS),
    );
    const byId = new Map(rows.map((r) => [str(r.id), r]));
    const ordered = hits.flatMap((h) => {
      const r = byId.get(h.chunkId);
      return r === undefined ? [] : [{ ...r, _score: 1 - h.distance }];
    });
    return this.passages(ordered, (r) => Number(r._score));
  }

  /**
   * How many passages contain each word (as the index analyses it: lower-cased, stemmed), for
   * idf weights in the answer step. Counts stop at `cap`: past it a word is common either way,
   * and counting every hit of "data" would cost a scan.
   */
  async termStats(
    words: string[],
    cap = 2000,
  ): Promise<{ totalPassages: number; documentFrequency: Map<string, number> }> {
    const totalPassages = this.ready().reduce((n, d) => n + d.chunks, 0);
    const unique = [
      ...new Set(words.map((w) => w.toLowerCase()).filter((w) => /[\p{L}\p{N}]/u.test(w))),
    ];
    const counts = await Promise.all(
      unique.map(async (w) =>
        totalPassages === 0
          ? 0
          : (
              await rowsOf(
                this.tables.chunks
                  .query()
                  .fullTextSearch(new this.lance.MatchQuery(w, "text"))
                  .select(["id", "_score"])
                  .limit(cap),
              )
            ).length,
      ),
    );
    return { totalPassages, documentFrequency: new Map(unique.map((w, i) => [w, counts[i] ?? 0])) };
  }

  upsertVectors(modelId: string, rows: VectorRow[]): Promise<void> {
    return this.exclusive(() => this.vectors.upsert(modelId, rows));
  }

  async chunksWithoutVectors(modelId: string, limit: number): Promise<ChunkToEmbed[]> {
    const have = await this.vectors.chunkIds(modelId);
    const ready = this.ready();
    const out: ChunkToEmbed[] = [];
    for (const doc of ready) {
      if (out.length >= limit) break;
      if (doc.chunks === 0) continue;
      const rows = await rowsOf(
        this.tables.chunks.query().where(eq("doc_id", doc.id)).select(["id", "heading", "text"]),
      );
      for (const r of rows) {
        if (out.length >= limit) break;
        if (have.has(str(r.id))) continue;
        out.push({
          chunkId: str(r.id),
          documentId: doc.id,
          title: doc.title,
          heading: str(r.heading),
          text: str(r.text),
        });
      }
    }
    return out;
  }

  // --- internals ---------------------------------------------------------------------------

  private async write(write: DocumentWrite): Promise<void> {
    const { doc } = write;
    const existing = this.docs.get(doc.id);
    if (existing?.status === "ready") return this.addMembership(doc.id, doc.collection);
    if (existing !== undefined) await this.purge([doc.id]);
    await this.ensureCollection(doc.collection);

    const row: DocumentRow = {
      ...{
        id: doc.id,
        title: doc.title,
        file: doc.file,
        path: doc.path,
        format: doc.format,
        bytes: doc.bytes,
      },
      ...{
        pages: write.pageCount,
        chunks: 0,
        language: doc.language,
        status: "writing",
        imported_at: new Date().toISOString(),
      },
      ...{ collections: [doc.collection], error: null, replaced_by: null },
    };
    await this.upsertDocs([row]);
    let chunks = 0;
    const labels = new Map<number, string | null>();
    // Lance commits a version per add(): batching pages and chunks keeps a 2,500-page manual
    // from turning into thousands of tiny fragments and commits.
    let pageRows: Record<string, unknown>[] = [];
    let chunkRows: Record<string, unknown>[] = [];
    const flush = async (): Promise<void> => {
      if (pageRows.length > 0) await this.tables.pages.add(pageRows);
      if (chunkRows.length > 0) await this.tables.chunks.add(chunkRows);
      pageRows = [];
      chunkRows = [];
    };
    try {
      for await (const batch of write.chunks) {
        for (const p of batch.pages) {
          labels.set(p.page, p.label);
          pageRows.push({ doc_id: doc.id, ...p });
        }
        for (const c of batch.chunks)
          chunkRows.push(toChunkRow(doc.id, doc.title, c, labels.get(c.page) ?? null));
        chunks += batch.chunks.length;
        if (chunkRows.length >= WRITE_BATCH_CHUNKS || pageRows.length >= WRITE_BATCH_PAGES)
          await flush();
      }
      await flush();
    } catch (error) {
      await this.purge([doc.id]);
      throw error;
    }

    const old = write.replaces === undefined ? undefined : this.docs.get(write.replaces);
    const replaced =
      old !== undefined && old.id !== doc.id && old.status === "ready" ? old : undefined;
    const collections = [...new Set([...(replaced?.collections ?? []), doc.collection])];
    const commit: DocumentRow[] = [{ ...row, chunks, status: "ready", collections }];
    if (replaced !== undefined)
      commit.push({ ...replaced, status: "changed", replaced_by: doc.id, collections: [] });
    await this.upsertDocs(commit);
    if (replaced !== undefined) await this.dropContent([replaced.id]);
    if (replaced !== undefined || !this.indexed) await this.indexChunks(replaced !== undefined);
    else this.indexStale = true;
    // A replaced version's text must not linger in old data files either.
    if (replaced !== undefined)
      await purgeOldVersions([this.tables.chunks, this.tables.pages, ...this.vectors.tables()]);
  }

  private async addMembership(documentId: string, collection: string): Promise<void> {
    const row = this.docs.get(documentId);
    if (row === undefined || row.status !== "ready") throw new DocumentNotFoundError(documentId);
    await this.ensureCollection(collection);
    if (row.collections.includes(collection)) return;
    await this.upsertDocs([{ ...row, collections: [...row.collections, collection] }]);
  }

  /** Deletes documents for real: rows, chunks, pages, vectors, then every old version on disk. */
  private async purge(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = ids.flatMap((id) => this.docs.get(id) ?? []);
    await this.upsertDocs(rows.map((r) => ({ ...r, status: "deleting" as const })));
    await this.dropContent(ids);
    await this.tables.documents.delete(inList("id", ids));
    for (const id of ids) this.docs.delete(id);
    this.docsVersion++;
    await this.materializeDeletions();
    await this.indexChunks(true);
    await purgeOldVersions([...Object.values(this.tables), ...this.vectors.tables()]);
  }

  /**
   * Rewrites the text-bearing tables without their deleted rows. Lance's compaction only rewrites
   * a data file when enough of it is deleted, so a small document sharing a file with others
   * would otherwise stay on disk (hidden by a deletion vector) after every old version is pruned.
   */
  private async materializeDeletions(): Promise<void> {
    for (const table of [
      this.tables.documents,
      this.tables.collections,
      this.tables.pages,
      this.tables.chunks,
    ]) {
      const remaining = await table.query().toArrow();
      // With no rows left every data file was wholly deleted, and Lance drops such files itself.
      if (remaining.numRows > 0) await table.add(remaining, { mode: "overwrite" });
    }
  }

  /** Removes a document's chunks, pages and vectors (old versions stay until purgeOldVersions). */
  private async dropContent(ids: string[]): Promise<void> {
    const filter = inList("doc_id", ids);
    await this.tables.chunks.delete(filter);
    await this.tables.pages.delete(filter);
    await this.vectors.deleteDocuments(filter);
  }

  /**
   * Folds rows written since the last call into the search indexes (and compacts fragments).
   * Imports call it once at the end rather than per document; rows not yet indexed are still
   * found meanwhile (Lance scans them flat).
   */
  refreshIndexes(): Promise<void> {
    return this.exclusive(async () => {
      if (this.indexStale) await this.indexChunks(false);
    });
  }

  /** `rebuild` after deleting rows, so no index keeps deleted text (see ensureSearchIndexes). */
  private async indexChunks(rebuild = false): Promise<void> {
    this.indexStale = false;
    this.indexed = true;
    await ensureSearchIndexes(
      this.lance,
      this.tables.chunks,
      this.options.ftsLanguage ?? "English",
      rebuild,
    );
    if (rebuild) await this.vectors.maintainIndex(true);
    this.resampleTerms();
  }

  /** Retakes the word sample in the background; a failure keeps the previous one. */
  private resampleTerms(): void {
    this.upkeep.runQuietly(async () => {
      this.termSample = await TermSample.take(this.tables.chunks, this.options.commonTerms);
    });
  }

  /** Words common in the scope's passages, which the body query may leave out (ftsQuery.ts). */
  private commonWords(scope: SearchScope): ReadonlySet<string> {
    const sample = this.termSample;
    if (sample === undefined) return new Set();
    const key = `${this.docsVersion}\n${[...new Set(scope.collections)].sort().join("\n")}`;
    if (this.commonCache?.key === key && this.commonCache.sample === sample)
      return this.commonCache.words;
    const words = sample.commonWords(this.inScope(scope).map((d) => d.id));
    this.commonCache = { key, sample, words };
    return words;
  }

  /** Finishes or rolls back what a killed process left: partial writes, half-done deletions. */
  private async recover(): Promise<void> {
    for (const raw of await rowsOf(this.tables.documents.query())) {
      const row = toDocumentRow(raw);
      this.docs.set(row.id, row);
    }
    const unfinished = [...this.docs.values()].filter(
      (d) => d.status === "writing" || d.status === "deleting",
    );
    if (unfinished.length > 0) await this.purge(unfinished.map((d) => d.id));
    const tombstones = [...this.docs.values()]
      .filter((d) => d.status === "changed")
      .map((d) => d.id);
    if (
      tombstones.length > 0 &&
      (await this.tables.chunks.countRows(inList("doc_id", tombstones))) > 0
    ) {
      await this.dropContent(tombstones);
      await this.indexChunks(true);
      await purgeOldVersions([this.tables.chunks, this.tables.pages, ...this.vectors.tables()]);
    }
    const known = new Set((await rowsOf(this.tables.collections.query())).map((r) => str(r.name)));
    const missing = new Set(
      [...this.docs.values()].flatMap((d) => d.collections).filter((c) => !known.has(c)),
    );
    for (const name of missing)
      await this.tables.collections.add([{ name, created_at: new Date().toISOString() }]);
  }

  private async upsertDocs(rows: DocumentRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.tables.documents
      .mergeInsert("id")
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(rows.map(docRecord));
    for (const r of rows) this.docs.set(r.id, r);
    this.docsVersion++;
  }

  private async ensureCollection(name: string): Promise<void> {
    if (!(await this.collectionExists(name)))
      await this.tables.collections.add([{ name, created_at: new Date().toISOString() }]);
  }

  private async collectionExists(name: string): Promise<boolean> {
    return (await this.tables.collections.countRows(nameIs(name))) > 0;
  }

  private ready(): DocumentRow[] {
    return [...this.docs.values()].filter((d) => d.status === "ready");
  }

  /**
   * The filter that keeps a search inside its collections: null when nothing is in scope, "" when
   * the scope holds every document that has chunks (no filter needed, and Lance skips a scan).
   */
  private scopeFilter(scope: SearchScope): string | null {
    const inScope = this.inScope(scope);
    if (inScope.length === 0) return null;
    // Outside a write, only ready documents have chunks, so a scope holding all of them needs no filter.
    const ready = this.ready();
    const everything = this.writing === 0 && ready.length === inScope.length;
    return everything
      ? ""
      : inList(
          "doc_id",
          inScope.map((d) => d.id),
        );
  }

  /** The ready documents in any of the scope's collections. */
  private inScope(scope: SearchScope): DocumentRow[] {
    const wanted = new Set(scope.collections);
    return this.ready().filter((d) => d.collections.some((c) => wanted.has(c)));
  }

  private passages(
    rows: Record<string, unknown>[],
    score: (r: Record<string, unknown>) => number,
  ): Passage[] {
    return rows.flatMap((r) => {
      const doc = this.docs.get(str(r.doc_id));
      return doc === undefined || doc.status !== "ready" ? [] : [toPassage(r, doc, score(r))];
    });
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.writing++;
      try {
        return await work();
      } finally {
        this.writing--;
      }
    };
    return this.queue.run(run);
  }
}

const nameIs = (name: string): string => eq("name", name);
/** Rows buffered before one Lance add() (one commit) during a document write. */
const WRITE_BATCH_CHUNKS = 512;
const WRITE_BATCH_PAGES = 256;

function docRecord(row: DocumentRow): Record<string, unknown> {
  return { ...row };
}
