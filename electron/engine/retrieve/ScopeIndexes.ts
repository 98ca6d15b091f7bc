/**
 * In-memory indexes (PassageIndex) of the documents a search is scoped to, read once and kept
 * for the questions that follow (a conversation scoped to a document asks many). Only a scope
 * that names a few documents qualifies: a collection-wide search stays on the library's index.
 */
import type { DocumentInfo } from "../../../shared/types";
import type { SearchScope, Store } from "../store/types";
import { PassageIndex } from "./PassageIndex";

export interface ScopeIndexesOptions {
  /** Most documents a scope may name to be scored whole. Default: 8. */
  maxDocuments?: number;
  /**
   * Most passages, all the scope's documents together, to be scored whole (reading and indexing
   * a document of 6,000 passages takes about a second, once). Default: 20,000.
   */
  maxPassages?: number;
  /**
   * Passages of the documents whose indexes are kept in memory (about 2 KB each with the
   * index), least recently used dropped first; the last one used is always kept. Default: 30,000.
   */
  cachedPassages?: number;
}

export class ScopeIndexes {
  readonly #cache = new Map<string, { index: Promise<PassageIndex>; passages: number }>();

  constructor(
    private readonly store: Store,
    private readonly options: ScopeIndexesOptions = {},
  ) {}

  /**
   * The indexes of the scope's ready documents within its collections, or null when the scope
   * names no documents, or too many, or too many passages to score whole.
   */
  async of(scope: SearchScope): Promise<PassageIndex[] | null> {
    const named = [...new Set(scope.documents ?? [])];
    if (named.length === 0 || named.length > (this.options.maxDocuments ?? 8)) return null;
    const wanted = new Set(scope.collections);
    const docs = (await Promise.all(named.map((id) => this.store.getDocument(id)))).filter(
      (d) => d !== null && d.status === "ready" && d.collections.some((c) => wanted.has(c)),
    );
    const passages = docs.reduce((n, d) => n + (d?.chunks ?? 0), 0);
    if (passages > (this.options.maxPassages ?? 20_000)) return null;
    return Promise.all(docs.flatMap((d) => (d === null ? [] : [this.index(d)])));
  }

  private index({ id: documentId, chunks, importedAt }: DocumentInfo): Promise<PassageIndex> {
    // A document written again (re-indexed, re-analysed) is read again.
    const key = `${documentId}:${chunks}:${importedAt}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) {
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached.index;
    }
    const built = this.store
      .documentPassages(documentId)
      .then((passages) => PassageIndex.build(passages));
    this.#cache.set(key, { index: built, passages: chunks });
    built.catch(() => this.#cache.delete(key));
    const budget = this.options.cachedPassages ?? 30_000;
    let held = [...this.#cache.values()].reduce((n, e) => n + e.passages, 0);
    for (const [oldest, entry] of this.#cache) {
      if (held <= budget || oldest === key) break;
      this.#cache.delete(oldest);
      held -= entry.passages;
    }
    return built;
  }
}
