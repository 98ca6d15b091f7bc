/**
 * The library as the engine's contract sees it: the user's own store plus the managed packs.
 * Reads span both (a search over personal and managed collections runs in each store and the
 * results are merged by score, so the retriever re-scores and cites them as usual); changes go
 * to the user's store only, and any change to a managed collection is refused. A managed
 * collection shadows a personal one of the same name (which stays renamable, to get it back).
 */
import path from "node:path";
import type { CollectionInfo, DocumentInfo, PageText, Passage } from "../../../shared/types";
import type { LanceStore } from "../store/LanceStore";
import type {
  PassageSelection,
  ChunkToEmbed,
  DocumentWrite,
  SearchScope,
  Store,
  TermStatistics,
  TextQuery,
  VectorRow,
  VectorStore,
} from "../store/types";
import { ManagedCollectionError } from "./errors";
import type { ManagedPacks, MountedPack } from "./ManagedPacks";

export interface LibraryWithPacksOptions {
  /** The id of the embedding model that makes query vectors now; null: none. Required. */
  embeddingModelId: () => Promise<string | null>;
  /** Told once per pack and model when a pack is searched by full text only. Default: none. */
  onNotice?: (message: string) => void;
  /** Adds what the store does not hold to a page read for the viewer (OCR words). Default: none. */
  annotatePage?: (text: PageText) => Promise<PageText>;
}

/** One store's share of a scope. */
interface Part {
  store: LanceStore;
  pack: MountedPack | null;
  scope: SearchScope;
}

export class LibraryWithPacks implements Store, VectorStore {
  private readonly told = new Set<string>();

  constructor(
    private readonly personal: LanceStore,
    private readonly packs: ManagedPacks,
    private readonly options: LibraryWithPacksOptions,
  ) {}

  /** Looks for new pack versions in the background (a listing calls it; see ManagedPacks). */
  refreshPacks(): Promise<void> {
    return this.packs.refresh();
  }

  settled(): Promise<void> {
    return this.personal.settled();
  }

  async close(): Promise<void> {
    try {
      await this.personal.close();
    } finally {
      await this.packs.close();
    }
  }

  // --- collections -------------------------------------------------------------------------

  async listCollections(): Promise<CollectionInfo[]> {
    void this.packs.refresh().catch(() => undefined);
    const packs = this.packs.current();
    const managed = new Set(packs.flatMap((p) => p.manifest.collections));
    // Without packs there is nothing to compare, so listing never loads the model runtime.
    const model = packs.length === 0 ? null : await this.options.embeddingModelId();
    const own = (await this.personal.listCollections()).filter((c) => !managed.has(c.name));
    const theirs = await Promise.all(
      packs.map(async (p) =>
        (await p.store.listCollections()).map((c) => ({ ...c, managed: this.describe(p, model) })),
      ),
    );
    return [...own, ...theirs.flat()].sort((a, b) => a.name.localeCompare(b.name));
  }

  createCollection(name: string): Promise<CollectionInfo> {
    this.refuseManaged(name, "a collection of that name cannot be created");
    return this.personal.createCollection(name);
  }

  renameCollection(from: string, to: string): Promise<CollectionInfo> {
    this.refuseManaged(to, "no collection can be renamed to that name");
    // A personal collection shadowed by a managed one of the same name can still be renamed.
    return this.personal.renameCollection(from, to);
  }

  deleteCollection(name: string): Promise<number> {
    this.refuseManaged(name, "it cannot be deleted");
    return this.personal.deleteCollection(name);
  }

  async addToCollection(documentId: string, collection: string): Promise<void> {
    this.refuseManaged(collection, "documents cannot be added to it");
    // The same bytes in a pack only (an import of a file IT already ships): the pack's copy
    // cannot join a personal collection, so the user is pointed to the managed one.
    if ((await this.personal.getDocument(documentId)) === null) {
      const pack = this.packs
        .current()
        .find((p) => p.manifest.documents.some((d) => d.id === documentId));
      if (pack !== undefined)
        throw new ManagedCollectionError(
          pack.manifest.collections.join('", "'),
          "this file is already in it and cannot also join your own collections: search that collection instead",
        );
    }
    return this.personal.addToCollection(documentId, collection);
  }

  // --- documents ---------------------------------------------------------------------------

  async getDocument(id: string): Promise<DocumentInfo | null> {
    const own = await this.personal.getDocument(id);
    if (own !== null) return own;
    for (const pack of this.packs.current()) {
      const doc = await pack.store.getDocument(id);
      if (doc !== null) return inPack(pack, doc);
    }
    return null;
  }

  findByPath(file: string): Promise<DocumentInfo[]> {
    return this.personal.findByPath(file);
  }

  async listDocuments(collection: string): Promise<DocumentInfo[]> {
    const pack = this.packs.holding(collection);
    if (pack === undefined) return this.personal.listDocuments(collection);
    return (await pack.store.listDocuments(collection)).map((d) => inPack(pack, d));
  }

  writeDocument(write: DocumentWrite): Promise<void> {
    this.refuseManaged(write.doc.collection, "documents cannot be imported into it");
    return this.personal.writeDocument(write);
  }

  writeDocuments(writes: DocumentWrite[]): Promise<void> {
    for (const w of writes)
      this.refuseManaged(w.doc.collection, "documents cannot be imported into it");
    return this.personal.writeDocuments(writes);
  }

  movePath(id: string, path: string): Promise<void> {
    return this.personal.movePath(id, path);
  }

  removeDocument(id: string, collection: string): Promise<boolean> {
    this.refuseManaged(collection, "its documents cannot be removed");
    return this.personal.removeDocument(id, collection);
  }

  async getPageText(documentId: string, page: number): Promise<PageText> {
    const text = await (await this.locate(documentId)).store.getPageText(documentId, page);
    return this.options.annotatePage === undefined ? text : this.options.annotatePage(text);
  }

  async pageLabels(documentId: string): Promise<(string | null)[]> {
    return (await this.locate(documentId)).store.pageLabels(documentId);
  }

  async documentPassages(documentId: string, selection?: PassageSelection): Promise<Passage[]> {
    const { store, pack } = await this.locate(documentId);
    return inPackPassages(pack, await store.documentPassages(documentId, selection));
  }

  /** A message's attachments, from the store that holds the message. */
  async childDocuments(id: string): Promise<DocumentInfo[]> {
    const { store, pack } = await this.locate(id);
    const children = await store.childDocuments(id);
    return pack === null ? children : children.map((d) => inPack(pack, d));
  }

  refreshIndexes(): Promise<void> {
    return this.personal.refreshIndexes();
  }

  // --- search ------------------------------------------------------------------------------

  async searchText(query: TextQuery, scope: SearchScope, limit: number): Promise<Passage[]> {
    const found = await Promise.all(
      this.split(scope).map(async (part) =>
        inPackPassages(part.pack, await part.store.searchText(query, part.scope, limit)),
      ),
    );
    return byScore(found.flat(), limit);
  }

  async searchVector(vector: Float32Array, scope: SearchScope, limit: number): Promise<Passage[]> {
    const model = await this.options.embeddingModelId();
    const parts = this.split(scope).filter(
      (part) => part.pack === null || this.vectorsMatch(part.pack, model),
    );
    const found = await Promise.all(
      parts.map(async (part) =>
        inPackPassages(part.pack, await part.store.searchVector(vector, part.scope, limit)),
      ),
    );
    return byScore(found.flat(), limit);
  }

  /** Counts summed over the user's store and every pack in use (idf weights span both). */
  async termStats(words: string[], cap?: number): Promise<TermStatistics> {
    const stores = [this.personal, ...this.packs.current().map((p) => p.store)];
    const all = await Promise.all(stores.map((s) => s.termStats(words, cap)));
    const documentFrequency = new Map<string, number>();
    for (const stats of all)
      for (const [word, n] of stats.documentFrequency)
        documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + n);
    return { totalPassages: all.reduce((n, s) => n + s.totalPassages, 0), documentFrequency };
  }

  upsertVectors(modelId: string, rows: VectorRow[], options?: { fresh?: boolean }): Promise<void> {
    return this.personal.upsertVectors(modelId, rows, options);
  }

  chunksToEmbed(modelId: string, batchSize: number): AsyncIterable<ChunkToEmbed[]> {
    return this.personal.chunksToEmbed(modelId, batchSize);
  }

  chunksWithoutVectors(modelId: string, limit: number): Promise<ChunkToEmbed[]> {
    return this.personal.chunksWithoutVectors(modelId, limit);
  }

  // --- internals ---------------------------------------------------------------------------

  /** The scope cut per store: managed collections to their pack, the rest to the user's store. */
  private split(scope: SearchScope): Part[] {
    const packs = this.packs.current();
    const parts: Part[] = [];
    const own: string[] = [];
    for (const collection of scope.collections) {
      const refused = this.packs.refusal(collection);
      if (refused !== undefined) throw refused;
      const pack = packs.find((p) => p.manifest.collections.includes(collection));
      if (pack === undefined) own.push(collection);
      else {
        const part = parts.find((p) => p.pack === pack);
        if (part === undefined)
          parts.push({ store: pack.store, pack, scope: { ...scope, collections: [collection] } });
        else part.scope = { ...part.scope, collections: [...part.scope.collections, collection] };
      }
    }
    if (own.length > 0 || parts.length === 0)
      parts.unshift({ store: this.personal, pack: null, scope: { ...scope, collections: own } });
    return parts;
  }

  private vectorsMatch(pack: MountedPack, model: string | null): boolean {
    const packModel = pack.manifest.embeddingModel?.id ?? null;
    const match = model !== null && packModel === model;
    const key = `${pack.dir}\n${model ?? ""}`;
    if (!match && model !== null && !this.told.has(key)) {
      this.told.add(key);
      this.options.onNotice?.(`${fullTextOnlyNote(pack)} (pack ${pack.dir}).`);
    }
    return match;
  }

  private describe(pack: MountedPack, model: string | null): CollectionInfo["managed"] {
    const { manifest } = pack;
    const vectorSearch = model !== null && manifest.embeddingModel?.id === model;
    return {
      pack: manifest.name,
      version: manifest.version,
      builtAt: manifest.createdAt,
      builtBy: manifest.createdBy,
      vectorSearch,
      ...(vectorSearch ? {} : { note: fullTextOnlyNote(pack) }),
    };
  }

  private refuseManaged(collection: string, what: string): void {
    if (this.packs.holding(collection) !== undefined)
      throw new ManagedCollectionError(collection, what);
  }

  /** The store holding a document (the user's first), with its pack; the user's when none does. */
  private async locate(documentId: string): Promise<Omit<Part, "scope">> {
    if ((await this.personal.getDocument(documentId)) !== null)
      return { store: this.personal, pack: null };
    for (const pack of this.packs.current())
      if ((await pack.store.getDocument(documentId)) !== null) return { store: pack.store, pack };
    return { store: this.personal, pack: null };
  }
}

function fullTextOnlyNote(pack: MountedPack): string {
  const model = pack.manifest.embeddingModel;
  return model === null
    ? `"${pack.manifest.name}" was built without vectors, so it is searched by full text only`
    : `"${pack.manifest.name}" was embedded with ${model.file ?? model.id.slice(0, 12)}, not the selected embedding model, so it is searched by full text only`;
}

/** Paths inside a pack are relative to it; the engine and the viewer need them whole. */
function inPack(pack: MountedPack, doc: DocumentInfo): DocumentInfo {
  return { ...doc, path: resolveInPack(pack, doc.path) };
}

function inPackPassages(pack: MountedPack | null, passages: Passage[]): Passage[] {
  return pack === null
    ? passages
    : passages.map((p) => ({ ...p, path: resolveInPack(pack, p.path) }));
}

function resolveInPack(pack: MountedPack, relative: string): string {
  return relative === "" || path.isAbsolute(relative)
    ? relative
    : path.join(pack.dir, ...relative.split("/"));
}

function byScore(passages: Passage[], limit: number): Passage[] {
  return passages.sort((a, b) => b.score - a.score).slice(0, limit);
}
