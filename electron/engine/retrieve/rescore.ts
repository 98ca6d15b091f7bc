/**
 * A light second pass over the top full-text candidates: BM25 rewards a rare word repeated;
 * questions are answered by passages that contain most of the question's words, close together.
 * The features come from the one relevance scorer (shared/text/relevance), which abstention
 * uses too; here every question term weighs the same, and passages are read as the index's words
 * (the terms BM25 scored them on), with phrases as words side by side.
 */
import type { Passage } from "../../../shared/types";
import { analysePassage, indexWords, relevance, stem } from "../../../shared/text";
import type { TextQuery } from "../store/types";

export interface RescoreWeights {
  /** Weight of the share of query terms the passage contains (title and heading count). Default: 0.8. */
  coverage?: number;
  /** Weight of the share of consecutive query-term pairs found side by side. Default: 0.3. */
  phrase?: number;
  /** Weight of the share of code-like terms found whole. Default: 0.4. */
  code?: number;
  /** Weight of the share of query terms found in the title and heading path (an alternative to the store's head field query: 0.56/0.80 hit@1/5 against 0.60/0.82 on the dev set). Default: 0. */
  head?: number;
}

/**
 * `termWeights`: each stemmed question term's weight in `coverage` (and `head`), such as its idf
 * within a scope; a term not in the map weighs 0. Default: every term weighs the same.
 */
export function rescore(
  query: TextQuery,
  passages: Passage[],
  weights: RescoreWeights = {},
  termWeights?: ReadonlyMap<string, number>,
): Passage[] {
  if (passages.length === 0) return passages;
  const question = { terms: [...new Set(query.terms.map(stem))], codes: query.codeTerms };
  const max = Math.max(...passages.map((p) => p.score)) || 1;
  const scored = passages.map((p) => {
    // The index's words and side-by-side phrases: on the dev set the token view ranked worse
    // (MRR@10 0.70 against 0.715), and so did phrases up to two words apart (0.69).
    const r = relevance(question, analysePassage(p.text, `${p.title} ${p.heading}`, "indexWords"), {
      phraseWindow: 1,
      weights: termWeights,
    });
    const score =
      p.score / max +
      (weights.coverage ?? 0.8) * r.coverage +
      (weights.phrase ?? 0.3) * r.phrase +
      (weights.code ?? 0.4) * r.code +
      (weights.head ?? 0) * r.head;
    return { ...p, score };
  });
  return scored.sort((a, b) => b.score - a.score);
}

/** Drops passages whose text repeats a higher-ranked one (same text imported twice, repeated boilerplate). */
export function dedupe(passages: Passage[]): Passage[] {
  const seen = new Set<string>();
  return passages.filter((p) => {
    const key = indexWords(p.text).join(" ");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Spreads the top of the list over pages: a second passage from a page already listed gives way
 * to the next page's best passage (a reader opening the top results learns more from five pages
 * than from two), but stays in the list.
 */
export function diversify(passages: Passage[], repeatPenalty = 0.75): Passage[] {
  const seen = new Map<string, number>();
  return passages
    .map((p) => {
      const key = `${p.documentId}:${p.page}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return { ...p, score: p.score * repeatPenalty ** n };
    })
    .sort((a, b) => b.score - a.score);
}
