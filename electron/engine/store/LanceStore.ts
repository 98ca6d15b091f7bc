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
import { Janitor, type JanitorHooks, type StoreTables } from "./Janitor";
import { loadLance } from "./lanceModule";
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
  private constructor(
    private readonly db: Connection,
    private readonly tables: StoreTables,
    private readonly vectors: VectorTable,
    private readonly parts: Parts,
    private readonly readOnly: boolean,
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
    const catalog = await DocumentCatalog.load(tables.documents);
    const commonWords = new CommonWords(tables.chunks, catalog, options.commonTerms);
    const language = options.ftsLanguage ?? "English";
    const indexes = new ChunkIndexes(lance, tables.chunks, vectors, commonWords, language);
    const pending = await PendingDeletions.load(dataDir);
    const janitor = new Janitor(tables, vectors, catalog, indexes, pending, options);
    const collections = new Collections(tables.collections, catalog, janitor);
    const parts: Parts = {
      writes,
      catalog,
      indexes,
      collections,
      writer: new DocumentWriter(
        tables.pages,
        tables.chunks,
        catalog,
        collections,
        janitor,
        indexes,
      ),
      text: new FullTextSearch(
        lance,
        tables.chunks,
        catalog,
        commonWords,
        writes,
        indexes,
        options.ftsWeights,
      ),
      vectorSearch: new VectorSearch(tables.chunks, vectors, catalog, writes),
    };

    if (!readOnly) {
      await janitor.recover();
      await collections.recover();
    }
    commonWords.resample();
    return new LanceStore(db, tables, vectors, parts, readOnly);
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
   * found meanwhile (Lance scans them flat).
   */
  refreshIndexes(): Promise<void> {
    return this.exclusive(() => this.parts.indexes.refresh());
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
    return this.parts.writes.run(work);
  }
}
