/**
 * The store: the library on LanceDB, in one data folder. Tables: `meta` (schema version; see
 * runMigrations.ts), `collections`, `documents` (one row per document), `pages`, `chunks` (text
 * plus search fields, with full-text and scalar indexes) and `vectors` (one embedding model's).
 * The rest of the engine knows only the Store and VectorStore interfaces (types.ts); LanceStore
 * opens the tables and wires the parts that implement them. Each part uses only parts above it:
 *
 *   WriteQueue                   one change at a time; tells searches when a write is running
 *   VectorTable                  the vectors table: upserts, ANN index and its warm-up
 *   DocumentCatalog              the documents table, also in memory: statuses, scopes, filters
 *   CommonWords, ChunkIndexes    index upkeep: full-text and ANN indexes, the common-word sample
 *   Janitor                      real deletion (rewrite, prune old versions); recovery at open
 *   Collections                  collections and membership; leaving the last one deletes
 *   DocumentWriter               one document's write and commit
 *   FullTextSearch, VectorSearch, readPageText    the reads
 *
 * Commit model: a document's row in `documents` is the commit point. Chunks and pages are
 * appended while the row says "writing"; searches only read chunks of "ready" documents, so a
 * half-written document is never visible, and the next open rolls back whatever a killed
 * process left behind. Every change goes through the WriteQueue; searches never wait for it.
 * Helpers: schema.ts (tables), rows.ts (rows to domain types), where.ts (every filter string),
 * ftsQuery.ts, textSearch.ts, searchIndexes.ts and commonTerms.ts (full-text details).
 */
import { existsSync } from "node:fs";
import type { Connection, Table } from "@lancedb/lancedb";
import type { CollectionInfo, DocumentInfo, PageText, Passage } from "../../../shared/types";
import { ChunkIndexes } from "./ChunkIndexes";
import { Collections } from "./Collections";
import type { CommonTermOptions } from "./commonTerms";
import { CommonWords } from "./CommonWords";
import { DocumentCatalog } from "./DocumentCatalog";
import { readDocumentPassages, readPageLabels } from "./documentReads";
import { DocumentWriter } from "./DocumentWriter";
import type { FtsWeights } from "./ftsQuery";
import { FullTextSearch } from "./FullTextSearch";
import { Janitor, type JanitorHooks } from "./Janitor";
import { loadLance, type Lance } from "./lanceModule";
import { PendingDeletions } from "./PendingDeletions";
import { readPageText } from "./readPageText";
import { hasCommittedVersion, repairUncommittedTables } from "./repairUncommittedTables";
import { readSchemaVersion, runMigrations } from "./runMigrations";
import {
  chunksSchema,
  collectionsSchema,
  documentsSchema,
  metaSchema,
  pagesSchema,
  SCHEMA_VERSION,
  TABLES,
  type StoreTables,
} from "./schema";
import type {
  ChunkToEmbed,
  DocumentWrite,
  PassageSelection,
  SearchScope,
  Store,
  TermStatistics,
  TextQuery,
  VectorRow,
  VectorStore,
} from "./types";
import { VectorSearch } from "./VectorSearch";
import { VectorTable, type VectorTableOptions } from "./VectorTable";
import { WriteQueue } from "./WriteQueue";

export interface LanceStoreOptions extends VectorTableOptions, JanitorHooks {
  /** Snowball stemmer language of the full-text index (Lance language name). Default: "English". */
  ftsLanguage?: string;
  /** Field weights of full-text search. Default: see FtsWeights. */
  ftsWeights?: FtsWeights;
  /** Which words the body query may leave out as too common (commonTerms.ts). Default: see CommonTermOptions. */
  commonTerms?: CommonTermOptions;
  /**
   * "read": open without writing anything, for a process that does not hold the data folder's
   * lock (another process may be writing): no recovery, no migration or re-analysis, no table
   * created (a missing table reads as empty), and every change throws ReadOnlyStoreError. Only
   * committed documents are read. Default: "write".
   */
  access?: "read" | "write";
  /**
   * With access "read": "latest" reads each query against the latest committed version (another
   * process may write meanwhile); "opened" stays on the versions found at open, for a folder
   * nobody writes, such as a verified library pack (a version added later is never read).
   * Default: "latest".
   */
  readVersion?: "latest" | "opened";
  /**
   * Changes (writes, deletions, collection edits) after which the next index refresh also opens
   * a new connection (see reconnect). Default: 100, with a background import's groups of 32 to
   * 256 documents every 3,200 to 25,600 documents; a reconnect took 110-120 ms at 22,000.
   */
  reconnectAfterChanges?: number;
}

/** A change asked of a store opened read-only, or a library that needs an upgrade before it can be read. */
export class ReadOnlyStoreError extends Error {
  override readonly name = "ReadOnlyStoreError";
}

/** The parts LanceStore delegates to, wired once in open(). */
interface Parts {
  writes: WriteQueue;
  catalog: DocumentCatalog;
  indexes: ChunkIndexes;
  collections: Collections;
  writer: DocumentWriter;
  text: FullTextSearch;
  vectorSearch: VectorSearch;
}

export class LanceStore implements Store, VectorStore {
  /** Changes made through the current connection. */
  private changes = 0;
  /** Closing the handles a reconnect replaced, once nothing uses them. */
  private retiring: Promise<void> = Promise.resolve();

  private constructor(
    private readonly lance: Lance,
    private readonly dataDir: string,
    private db: Connection,
    /** Shared with every part, which reads a handle at each use; reconnect replaces them. */
    private readonly tables: StoreTables,
    private readonly vectors: VectorTable,
    private readonly parts: Parts,
    private readonly readOnly: boolean,
    private readonly reconnectAfter: number,
  ) {}

  static async open(dataDir: string, options: LanceStoreOptions = {}): Promise<LanceStore> {
    const lance = await loadLance();
    const readOnly = options.access === "read";
    // A reader sees each query against the latest committed version (a writer beside it may
    // compact and prune the versions it opened), so a prune can only race one query, not its life.
    const db = readOnly
      ? await lance.connect(
          existsSync(dataDir) ? dataDir : "memory://",
          options.readVersion === "opened" ? {} : { readConsistencyInterval: 0 },
        )
      : await lance.connect(dataDir);
    if (!readOnly) await repairUncommittedTables(db, dataDir);
    const existing = new Set(
      (await db.tableNames()).filter(
        (name) => !readOnly || !existsSync(dataDir) || hasCommittedVersion(dataDir, name),
      ),
    );
    // A reader never creates a table in the folder: a missing one is an empty one in memory.
    const scratch = readOnly ? await lance.connect("memory://") : db;
    const open = async (name: string, schema: import("apache-arrow").Schema): Promise<Table> =>
      existing.has(name)
        ? db.openTable(name)
        : scratch.createEmptyTable(name, schema, { existOk: true });
    const meta = await open(TABLES.meta, metaSchema);
    if (!readOnly)
      await runMigrations(db, meta, existing.has(TABLES.documents), {
        ftsLanguage: options.ftsLanguage,
      });
    else if (existing.has(TABLES.documents) && (await readSchemaVersion(meta)) !== SCHEMA_VERSION)
      throw new ReadOnlyStoreError(
        `The library in ${dataDir} needs an upgrade before it can be read, and another process is using it. Try again when it has finished.`,
      );
    const tables: StoreTables = {
      collections: await open(TABLES.collections, collectionsSchema),
      documents: await open(TABLES.documents, documentsSchema),
      pages: await open(TABLES.pages, pagesSchema),
      chunks: await open(TABLES.chunks, chunksSchema),
    };
    const vectors = await VectorTable.open(lance, db, options);

    const writes = new WriteQueue();
    const catalog = await DocumentCatalog.load(tables);
    const commonWords = new CommonWords(tables, catalog, options.commonTerms);
    const language = options.ftsLanguage ?? "English";
    const indexes = new ChunkIndexes(lance, tables, vectors, commonWords, language);
    const pending = await PendingDeletions.load(dataDir);
    const janitor = new Janitor(tables, vectors, catalog, indexes, pending, options);
    const collections = new Collections(tables, catalog, janitor);
    const parts: Parts = {
      writes,
      catalog,
      indexes,
      collections,
      writer: new DocumentWriter(tables, catalog, collections, janitor, indexes),
      text: new FullTextSearch(
        lance,
        tables,
        catalog,
        commonWords,
        writes,
        indexes,
        options.ftsWeights,
      ),
      vectorSearch: new VectorSearch(tables, vectors, catalog, writes),
    };

    if (!readOnly) {
      await janitor.recover();
      await collections.recover();
    }
    commonWords.resample();
    const reconnectAfter = options.reconnectAfterChanges ?? 100;
    return new LanceStore(lance, dataDir, db, tables, vectors, parts, readOnly, reconnectAfter);
  }

  /**
   * Resolves once the background work after open or a change is done: the common-word estimate
   * of the current contents, and the ANN index loaded into memory. Searches never wait for it;
   * meanwhile they use the previous estimate and read the index from disk.
   */
  settled(): Promise<void> {
    return this.parts.indexes.settled();
  }

  async close(): Promise<void> {
    await this.parts.writes.idle();
    await this.settled();
    await this.retiring;
    for (const t of Object.values(this.tables)) t.close();
    await this.vectors.close();
    this.db.close();
  }

  // --- collections -------------------------------------------------------------------------

  listCollections(): Promise<CollectionInfo[]> {
    return this.parts.collections.list();
  }

  createCollection(name: string): Promise<CollectionInfo> {
    return this.exclusive(() => this.parts.collections.create(name));
  }

  renameCollection(from: string, to: string): Promise<CollectionInfo> {
    return this.exclusive(() => this.parts.collections.rename(from, to));
  }

  deleteCollection(name: string): Promise<number> {
    return this.exclusive(() => this.parts.collections.delete(name));
  }

  addToCollection(documentId: string, collection: string): Promise<void> {
    return this.exclusive(() => this.parts.collections.addMember(documentId, collection));
  }

  removeDocument(id: string, collection: string): Promise<boolean> {
    return this.exclusive(() => this.parts.collections.removeMember(id, collection));
  }

  // --- documents ---------------------------------------------------------------------------

  getDocument(id: string): Promise<DocumentInfo | null> {
    return Promise.resolve(this.parts.catalog.info(id));
  }

  findByPath(path: string): Promise<DocumentInfo[]> {
    return Promise.resolve(this.parts.catalog.byPath(path));
  }

  listDocuments(collection: string): Promise<DocumentInfo[]> {
    return Promise.resolve(this.parts.catalog.inCollection(collection));
  }

  childDocuments(id: string): Promise<DocumentInfo[]> {
    return Promise.resolve(this.parts.catalog.children(id));
  }

  writeDocument(write: DocumentWrite): Promise<void> {
    return this.exclusive(() => this.parts.writer.write(write));
  }

  writeDocuments(writes: DocumentWrite[]): Promise<void> {
    return this.exclusive(() => this.parts.writer.writeMany(writes));
  }

  movePath(id: string, path: string): Promise<void> {
    return this.exclusive(() => this.parts.writer.movePath(id, path));
  }

  getPageText(documentId: string, page: number): Promise<PageText> {
    return readPageText(this.tables.pages, this.parts.catalog, documentId, page);
  }

  /**
   * Folds rows written since the last call into the search indexes (and compacts fragments).
   * Imports call it once at the end rather than per document; rows not yet indexed are still
   * found meanwhile (Lance scans them flat). After many changes it first moves the store to a
   * new connection (see reconnect).
   */
  refreshIndexes(): Promise<void> {
    return this.exclusive(async () => {
      const moved = this.changes >= this.reconnectAfter && (await this.reconnect());
      // An update loads the new indexes itself; without one, the new connection loads them here.
      if (!(await this.parts.indexes.refresh()) && moved) await this.parts.indexes.warm();
    });
  }

  // --- search ------------------------------------------------------------------------------

  searchText(query: TextQuery, scope: SearchScope, limit: number): Promise<Passage[]> {
    return this.parts.text.search(query, scope, limit);
  }

  pageLabels(documentId: string): Promise<(string | null)[]> {
    return readPageLabels(this.tables.pages, this.parts.catalog, documentId);
  }

  documentPassages(documentId: string, selection?: PassageSelection): Promise<Passage[]> {
    return readDocumentPassages(this.tables.chunks, this.parts.catalog, documentId, selection);
  }

  /** `cap`: see FullTextSearch.termStats. Default: 2,000. */
  termStats(words: string[], cap?: number): Promise<TermStatistics> {
    return this.parts.text.termStats(words, cap);
  }

  searchVector(vector: Float32Array, scope: SearchScope, limit: number): Promise<Passage[]> {
    return this.parts.vectorSearch.search(vector, scope, limit);
  }

  upsertVectors(modelId: string, rows: VectorRow[], options?: { fresh?: boolean }): Promise<void> {
    return this.exclusive(() => this.vectors.upsert(modelId, rows, options?.fresh === true));
  }

  chunksWithoutVectors(modelId: string, limit: number): Promise<ChunkToEmbed[]> {
    return this.parts.vectorSearch.chunksWithoutVectors(modelId, limit);
  }

  chunksToEmbed(modelId: string, batchSize: number): AsyncIterable<ChunkToEmbed[]> {
    return this.parts.vectorSearch.chunksToEmbed(modelId, batchSize);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.readOnly)
      return Promise.reject(
        new ReadOnlyStoreError(
          "The library was opened read-only (another process holds the data folder), so it cannot be changed.",
        ),
      );
    return this.parts.writes.run(() => {
      this.changes++;
      return work();
    });
  }

  /**
   * Replaces the connection and every table handle with new ones on the same folder. Lance's
   * in-process state grows with each commit through a connection: after a background import of
   * 20,000 notes in 625 group writes, searches in that process took 3-4x as long (p50 150-177 ms
   * against 38-53 ms through a new connection to the same folder, in the same process; a new
   * handle on the old connection did not help, nor did smaller caches) and it held 2 GB. A new
   * connection is what a restart gives. Runs inside the WriteQueue, so no change runs meanwhile.
   * A search in flight is not disturbed: each read takes its handle when called and builds its
   * queries before its first await, and a Lance query holds the table's data itself, so closing
   * the handle does not end it. The background work (warm-ups, the common-word sample) may use a
   * handle across awaits, so the old ones are closed once it is done. A failure keeps the old
   * connection (it only costs speed).
   */
  private async reconnect(): Promise<boolean> {
    // The background work under way (warm-ups, the common-word sample) holds old handles.
    const oldWork = this.settled();
    const old = { db: this.db, tables: Object.values(this.tables) };
    let db: Connection | undefined;
    const opened: Partial<StoreTables> = {};
    let oldVectors: Table | undefined;
    try {
      db = await this.lance.connect(this.dataDir);
      for (const name of ["collections", "documents", "pages", "chunks"] as const)
        opened[name] = await db.openTable(TABLES[name]);
      oldVectors = await this.vectors.reconnect(db);
    } catch {
      for (const t of Object.values(opened)) t.close();
      db?.close();
      return false;
    }
    Object.assign(this.tables, opened);
    this.db = db;
    this.changes = 0;
    this.retiring = this.retiring.then(async () => {
      await oldWork;
      for (const t of old.tables) t.close();
      oldVectors?.close();
      old.db.close();
    });
    return true;
  }
}
