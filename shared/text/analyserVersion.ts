/**
 * Version of the analysis the store derives at index time. Bump it whenever anything that
 * changes stored columns or index-time analysis changes: codeTerms.ts (the `codes` column), the
 * chunk row fields computed from text (store/rows.ts toChunkRow), or the full-text index
 * tokenizer settings (store/searchIndexes.ts). A library whose recorded version differs is
 * re-analysed on open (store/reanalyse.ts): the derived columns are recomputed and the full-text
 * indexes rebuilt. Query-time-only changes (stop words, stemmer, relevance) need no bump.
 *
 * 1: first recorded version (libraries from before it are treated as stale and re-analysed).
 */
export const ANALYSER_VERSION = 1;
