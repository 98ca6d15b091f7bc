/**
 * The one text analyser, pure TypeScript so the engine and the renderer read text the same way:
 *
 * - tokenize: one scan, two views: positional tokens (stemmed terms, stop flags, code-like
 *   tokens kept whole) and the full-text index's words (`indexWords`);
 * - stem, STOP_WORDS: the one stemmer (stemTerm and termParts apply it to tokens and to the
 *   parts of compound tokens) and the one English stop list;
 * - termSet, hasTerm, contentTerms: what a text contains and what a question asks about;
 * - codeTerms: code-like terms kept whole (stored in the `codes` column at index time);
 * - detectLanguage: a document's language, stored with it;
 * - relevance: the one relevance scorer, used for ranking and for abstention;
 * - ANALYSER_VERSION: recorded with a library; bump it when index-time analysis changes.
 *
 * Import from here, not from the files: the files import each other directly.
 */
export { ANALYSER_VERSION } from "./analyserVersion";
export { codeTerms } from "./codeTerms";
export { contentTerms, type ContentTerm } from "./contentTerms";
export { detectLanguage } from "./detectLanguage";
export {
  analysePassage,
  analyseQuestion,
  mentions,
  relevance,
  type AnalysedPassage,
  type AnalysedQuestion,
  type Relevance,
  type RelevanceOptions,
} from "./relevance";
export { stem, stemTerm, termParts } from "./stem";
export { isStopWord, STOP_WORDS } from "./stopWords";
export { hasTerm, termSet } from "./termSet";
export { foldCase, indexWords, isNumberTerm, tokenize, type Token } from "./tokenize";
