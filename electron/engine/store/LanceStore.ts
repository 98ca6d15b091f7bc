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
import type { Connection, Table } from "@lancedb/lancedb";
import type { CollectionInfo, DocumentInfo, PageText, Passage } from "../../../shared/types";
import { ChunkIndexes } from "./ChunkIndexes";
import { Collections } from "./Collections";
import type { CommonTermOptions } from "./commonTerms";
import { CommonWords } from "./CommonWords";
import { DocumentCatalog } from "./DocumentCatalog";
import { DocumentWriter } from "./DocumentWriter";
import type { FtsWeights } from "./ftsQuery";
import { FullTextSearch } from "./FullTextSearch";
import { Janitor, type JanitorHooks, type StoreTables } from "./Janitor";
import { loadLance } from "./lanceModule";
import { PendingDeletions } from "./PendingDeletions";
import { readPageText } from "./readPageText";
import { repairUncommittedTables } from "./repairUncommittedTables";
import { runMigrations } from "./runMigrations";
import {
  chunksSchema,
  collectionsSchema,
  documentsSchema,
  metaSchema,
  pagesSchema,
  TABLES,
} from "./schema";
import type {
  ChunkToEmbed,
  DocumentWrite,
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
  ) {}

  static async open(dataDir: string, options: LanceStoreOptions = {}): Promise<LanceStore> {
    const lance = await loadLance();
    const db = await lance.connect(dataDir);
    await repairUncommittedTables(db, dataDir);
    const existing = new Set(await db.tableNames());
    const open = async (name: string, schema: import("apache-arrow").Schema): Promise<Table> =>
      existing.has(name)
        ? db.openTable(name)
        : db.createEmptyTable(name, schema, { existOk: true });
    await runMigrations(db, await open(TABLES.meta, metaSchema), existing.has(TABLES.documents), {
      ftsLanguage: options.ftsLanguage,
    });
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
        options.ftsWeights,
      ),
      vectorSearch: new VectorSearch(tables.chunks, vectors, catalog, writes),
    };

    await janitor.recover();
    await collections.recover();
    commonWords.resample();
    return new LanceStore(db, tables, vectors, parts);
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

  writeDocument(write: DocumentWrite): Promise<void> {
    return this.exclusive(() => this.parts.writer.write(write));
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

  /** `cap`: see FullTextSearch.termStats. Default: 2,000. */
  termStats(words: string[], cap?: number): Promise<TermStatistics> {
    return this.parts.text.termStats(words, cap);
  }

  searchVector(vector: Float32Array, scope: SearchScope, limit: number): Promise<Passage[]> {
    return this.parts.vectorSearch.search(vector, scope, limit);
  }

  upsertVectors(modelId: string, rows: VectorRow[]): Promise<void> {
    return this.exclusive(() => this.vectors.upsert(modelId, rows));
  }

  chunksWithoutVectors(modelId: string, limit: number): Promise<ChunkToEmbed[]> {
    return this.parts.vectorSearch.chunksWithoutVectors(modelId, limit);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.parts.writes.run(work);
  }
}
