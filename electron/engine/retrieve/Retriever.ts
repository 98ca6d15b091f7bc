/**
 * engine/retrieve — a question in, ranked passages out: query preparation, full-text and vector
 * search through the store, re-scoring (shared/text's relevance scorer), fusion. Layer: above
 * store and llm, beside ingest; the answer step receives a PassageSearch (this Retriever).
 *
 * Question in, ranked passages out: full-text (always) and vectors (when an embedder is set), fused.
 */
import type { Passage } from "../../../shared/types";
import type { Embedder } from "../llm/types";
import type { SearchScope, Store, TextQuery, VectorStore } from "../store/types";
import { fuse } from "./fuse";
import { prepareQuery } from "./prepareQuery";
import { navigationLast } from "./navigationList";
import { rankWithin, scopeIdf } from "./rankWithin";
import { ScopeIndexes, type ScopeIndexesOptions } from "./ScopeIndexes";
import { ReferenceResolver, type ReferencedSearch } from "./searchReferences";
import { dedupe, diversify, rescore, type RescoreWeights } from "./rescore";

/** Ranked passages for a question within a scope: what `Engine.search` and the answer step call. */
export interface PassageSearch {
  search(
    question: string,
    scope: SearchScope,
    limit: number,
    signal?: AbortSignal,
  ): Promise<Passage[]>;
  /**
   * The same search with the question's page and structure references resolved ("page 14", "the
   * cover page", "appendix B", "how many chapters"): what they named, and how pages were read.
   * Optional: a search without it answers from `search` alone.
   */
  searchReferenced?(
    question: string,
    scope: SearchScope,
    limit: number,
    signal?: AbortSignal,
  ): Promise<ReferencedSearch>;
}

export interface RetrieverOptions {
  /**
   * The embedder for query vectors, looked up on every search because the selected model may
   * change while the app runs; resolving to null means full-text only. Default: none.
   */
  embedder?: () => Promise<Embedder | null>;
  /** Where vectors are searched; required with `embedder`. Default: none. */
  vectors?: VectorStore;
  /** Full-text candidates fetched for re-scoring, at least. Default: 30. */
  candidates?: number;
  /** Vector candidates fetched for fusion, at least. Default: 10 (20 cost +14 ms at 1M chunks). */
  vectorCandidates?: number;
  /** Re-scoring weights. Default: see RescoreWeights. */
  rescore?: RescoreWeights;
  /** Score factor for each further passage from an already listed page. Default: 0.75. */
  repeatPenalty?: number;
  /**
   * Told when vector search fails and the results fall back to full-text only, with the id of
   * the embedding model in use. Default: none (the fallback is then silent).
   */
  onVectorError?: (error: unknown, modelId: string) => void;
  /** RRF constant. Default: 60. */
  fusionK?: number;
  /** Adds what the store does not hold to the passages found (OCR confidence). Default: none. */
  annotate?: (passages: Passage[]) => Promise<void>;
  /**
   * When a scope that names a few documents is scored whole (every passage, with the scope's own
   * statistics: rankWithin.ts) rather than through the library's full-text index. Default: see
   * ScopeIndexesOptions.
   */
  wholeScope?: ScopeIndexesOptions;
}

export class Retriever implements PassageSearch {
  readonly #references: ReferenceResolver;
  readonly #scopes: ScopeIndexes;

  constructor(
    private readonly store: Store,
    private readonly options: RetrieverOptions = {},
  ) {
    this.#references = new ReferenceResolver(store);
    this.#scopes = new ScopeIndexes(store, options.wholeScope);
  }

  async search(
    question: string,
    scope: SearchScope,
    limit: number,
    signal?: AbortSignal,
  ): Promise<Passage[]> {
    return (await this.searchReferenced(question, scope, limit, signal)).passages;
  }

  searchReferenced(
    question: string,
    scope: SearchScope,
    limit: number,
    signal?: AbortSignal,
  ): Promise<ReferencedSearch> {
    return this.#references
      .search(question, scope, limit, (query) => this.ranked(query, scope, limit, signal))
      .then(async (found) => {
        await this.options.annotate?.(found.passages);
        return found;
      });
  }

  /** Full-text (re-scored) and vector results, fused. */
  private async ranked(
    question: string,
    scope: SearchScope,
    limit: number,
    signal?: AbortSignal,
  ): Promise<Passage[]> {
    const query = prepareQuery(question);
    const pool = Math.max(limit, this.options.candidates ?? 30);
    const textSide = this.searchText(query, scope, pool);
    const [text, vector] = await Promise.all([
      textSide,
      this.searchVectors(question, scope, limit, signal),
    ]);
    if (vector === null) return text.slice(0, limit);
    return dedupe(fuse([text, vector], this.options.fusionK)).slice(0, limit);
  }

  /**
   * Full-text results, re-scored: every passage of a small named scope scored with the scope's
   * statistics (rankWithin.ts), the question's words weighed by their idf there in the re-scoring
   * too; else the library's index. Tables of contents and indexes come last either way.
   */
  private async searchText(query: TextQuery, scope: SearchScope, pool: number): Promise<Passage[]> {
    const whole = await this.#scopes.of(scope);
    const found =
      whole === null
        ? await this.store.searchText(query, scope, pool)
        : rankWithin(whole, query.terms, pool);
    const termWeights = whole === null ? undefined : scopeIdf(whole, query.terms);
    return navigationLast(
      diversify(
        dedupe(rescore(query, found, this.options.rescore, termWeights)),
        this.options.repeatPenalty,
      ),
    );
  }

  /** Nearest passages by meaning; null when there is no embedder (full-text only). */
  private async searchVectors(
    question: string,
    scope: SearchScope,
    limit: number,
    signal?: AbortSignal,
  ): Promise<Passage[] | null> {
    const { vectors } = this.options;
    const embedder = vectors === undefined ? null : ((await this.options.embedder?.()) ?? null);
    if (embedder === null || vectors === undefined) return null;
    // The vector side may be mid-swap (re-embedding after a model switch drops and rebuilds the
    // vectors table): full-text results must still come back, so its failure degrades to text
    // only, and is reported, so that the degradation is never silent.
    try {
      const {
        vectors: [v],
      } = await embedder.embed([question], signal);
      if (v === undefined) return [];
      return await vectors.searchVector(
        v,
        scope,
        Math.max(limit, this.options.vectorCandidates ?? 10),
      );
    } catch (error) {
      if (signal?.aborted === true) throw error;
      this.options.onVectorError?.(error, embedder.modelId);
      return [];
    }
  }
}
