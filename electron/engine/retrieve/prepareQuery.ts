/** Turns a question as typed into the terms the full-text index is searched with. */
import type { TextQuery } from "../store/types";
import { codeTerms, indexWords, isStopWord } from "../../../shared/text";

/**
 * Stop words go, unless nothing else is left (a query of only stop words still searches them);
 * code-like terms are kept whole in `codeTerms` and their parts stay in `terms`.
 */
export function prepareQuery(raw: string): TextQuery {
  const words = indexWords(dropSelfReferences(foldContractions(raw)));
  const content = words.filter((w) => !isStopWord(w));
  const terms = [...new Set(content.length > 0 ? content : words)];
  return { raw, terms, codeTerms: codeTerms(raw) };
}

/**
 * The index tokenizer splits at apostrophes, so "isn't" would search "isn" and "t" (a one-letter
 * term in most passages: no help to the ranking, and the slowest kind of term to search). A
 * contraction that is a stop word goes whole; a possessive or other contraction keeps its stem
 * ("R's" -> "R"). Quoted text ('line 1 ...') is left alone: only letter-apostrophe-letter counts.
 */
function foldContractions(raw: string): string {
  return raw.replace(
    /([\p{L}\p{N}]+)['\u2019](s|t|re|ve|ll|d|m)(?![\p{L}\p{N}])/giu,
    (_, stem: string, tail: string) => (isStopWord(`${stem}'${tail}`.toLowerCase()) ? " " : stem),
  );
}

/**
 * Words that name the document being asked about ("this filing", "these slides"): they say
 * where to look, not what to find, and the scope (or the ranking) already says where. Searched
 * for, they favour the one passage that happens to use the word ("slide" in a slide deck).
 */
const SELF_REFERENCE =
  /\b(?:this|these)\s+(?:documents?|docs?|pdfs?|files?|filings?|manuals?|guides?|guidebooks?|handbooks?|brochures?|leaflets?|flyers?|booklets?|slides?|(?:slide\s+)?decks?|presentations?|opinions?|judgm?ents?|reports?|papers?|articles?|books?|texts?|publications?|catalog(?:ue)?s?|forms?|letters?|contracts?|agreements?|pages?)\b/giu;

function dropSelfReferences(raw: string): string {
  return raw.replace(SELF_REFERENCE, " ");
}
