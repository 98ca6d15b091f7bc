/**
 * A light second pass over the top full-text candidates: BM25 rewards a rare word repeated;
 * questions are answered by passages that contain most of the question's words, close together.
 */
import type { Passage } from "../../../shared/types";
import type { TextQuery } from "../store/types";
import { wordTokens } from "../store/wordTokens";

export interface RescoreWeights {
  /** Weight of the share of query terms the passage contains (title and heading count). Default: 0.8. */
  coverage?: number;
  /** Weight of the share of adjacent query-term pairs found next to each other. Default: 0.3. */
  phrase?: number;
  /** Weight of the share of code-like terms found whole. Default: 0.4. */
  code?: number;
  /** Weight of the share of query terms found in the title and heading path (an alternative to the store's head field query: 0.56/0.80 hit@1/5 against 0.60/0.82 on the dev set). Default: 0. */
  head?: number;
}

/** Crude suffix folding so "plots", "plotting" and "plotted" meet "plot" in the coverage check. */
export function lightStem(word: string): string {
  if (word.length <= 4) return word;
  const stem = word.replace(/(?:ations?|ings?|edly|ed|es|s|ly|ers?|ments?)$/, "");
  // "plotting" -> "plott" -> "plot", to meet "plots" -> "plot".
  return (/([b-df-hj-np-rtv-z])\1$/.test(stem) ? stem.slice(0, -1) : stem).slice(0, 7);
}

export function rescore(
  query: TextQuery,
  passages: Passage[],
  weights: RescoreWeights = {},
): Passage[] {
  if (passages.length === 0) return passages;
  const terms = [...new Set(query.terms.map(lightStem))];
  const pairs = adjacentPairs(wordTokens(query.raw).map(lightStem), new Set(terms));
  const max = Math.max(...passages.map((p) => p.score)) || 1;
  // Passages repeat most of their words; stemming each distinct word once keeps this pass cheap.
  const stems = new Map<string, string>();
  const stem = (w: string): string => {
    let s = stems.get(w);
    if (s === undefined) stems.set(w, (s = lightStem(w)));
    return s;
  };
  const scored = passages.map((p) => {
    const headTokens = new Set(wordTokens(`${p.title} ${p.heading}`).map(stem));
    const head =
      terms.length === 0 ? 0 : terms.filter((t) => headTokens.has(t)).length / terms.length;
    const tokens = wordTokens(`${p.title} ${p.heading} ${p.text}`).map(stem);
    const present = new Set(tokens);
    const coverage =
      terms.length === 0 ? 0 : terms.filter((t) => present.has(t)).length / terms.length;
    const bigrams = new Set(tokens.slice(1).map((t, i) => `${tokens[i]} ${t}`));
    const phrase =
      pairs.length === 0 ? 0 : pairs.filter((b) => bigrams.has(b)).length / pairs.length;
    const lower = p.text.toLowerCase();
    const code =
      query.codeTerms.length === 0
        ? 0
        : query.codeTerms.filter((c) => lower.includes(c)).length / query.codeTerms.length;
    const score =
      p.score / max +
      (weights.coverage ?? 0.8) * coverage +
      (weights.phrase ?? 0.3) * phrase +
      (weights.code ?? 0.4) * code +
      (weights.head ?? 0) * head;
    return { ...p, score };
  });
  return scored.sort((a, b) => b.score - a.score);
}

/** Pairs of consecutive content words of the question (stop words between them are skipped). */
function adjacentPairs(words: string[], content: Set<string>): string[] {
  const kept = words.filter((w) => content.has(w));
  return [...new Set(kept.slice(1).map((w, i) => `${kept[i]} ${w}`))];
}

/** Drops passages whose text repeats a higher-ranked one (same text imported twice, repeated boilerplate). */
export function dedupe(passages: Passage[]): Passage[] {
  const seen = new Set<string>();
  return passages.filter((p) => {
    const key = wordTokens(p.text).join(" ");
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
