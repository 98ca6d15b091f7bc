/** Question in, ranked passages out: full-text (always) and vectors (when an embedder is set), fused. */
import type { Passage } from "../../../shared/types";
import type { Embedder } from "../llm/types";
import type { SearchScope, Store, VectorStore } from "../store/types";
import { fuse } from "./fuse";
import { prepareQuery } from "./prepareQuery";
import { dedupe, diversify, rescore, type RescoreWeights } from "./rescore";

export interface RetrieverOptions {
  /** Makes query vectors; without it search is full-text only. Default: none. */
  embedder?: Embedder;
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
  /** Told when vector search fails and the results fall back to full-text only. Default: none. */
  onVectorError?: (error: unknown) => void;
  /** RRF constant. Default: 60. */
  fusionK?: number;
}

export class Retriever {
  constructor(
    private readonly store: Store,
    private readonly options: RetrieverOptions = {},
  ) {}

  async search(
    question: string,
    scope: SearchScope,
    limit: number,
    signal?: AbortSignal,
  ): Promise<Passage[]> {
    const query = prepareQuery(question);
    const pool = Math.max(limit, this.options.candidates ?? 30);
    const textSide = this.store
      .searchText(query, scope, pool)
      .then((found) =>
        diversify(dedupe(rescore(query, found, this.options.rescore)), this.options.repeatPenalty),
      );
    const { embedder, vectors } = this.options;
    if (embedder === undefined || vectors === undefined) return (await textSide).slice(0, limit);
    // The vector side may be mid-swap (re-embedding after a model switch drops and rebuilds the
    // vectors table): full-text results must still come back, so its failure degrades to text only.
    const vectorSide = embedder
      .embed([question], signal)
      .then(({ vectors: [v] }) =>
        v === undefined
          ? []
          : vectors.searchVector(v, scope, Math.max(limit, this.options.vectorCandidates ?? 10)),
      )
      .catch((error: unknown) => {
        if (signal?.aborted === true) throw error;
        this.options.onVectorError?.(error);
        return [] as Passage[];
      });
    const [text, vector] = await Promise.all([textSide, vectorSide]);
    return dedupe(fuse([text, vector], this.options.fusionK)).slice(0, limit);
  }
}
