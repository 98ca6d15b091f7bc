/**
 * BM25 over every passage of a scope of a few documents (PassageIndex), with the scope's own
 * statistics: document frequencies and average lengths counted over the scope's passages only.
 * The body and the heading path are two fields scored alike and summed: a heading names what
 * its passages are about, and within one document it tells its sections apart (the title, shared
 * by every passage, weighs nothing there, which the scope's idf finds by itself).
 */
import type { Passage } from "../../../shared/types";
import { stem } from "../../../shared/text";
import type { FieldIndex, PassageIndex } from "./PassageIndex";

/** Okapi BM25's usual constants, not tuned to any corpus. */
const K1 = 1.2;
const B = 0.75;

/**
 * Each stemmed term's idf over the scope's passage bodies (what rankWithin weighs the body with):
 * a word found in every passage of the scope weighs about 0.
 */
export function scopeIdf(
  indexes: readonly PassageIndex[],
  terms: readonly string[],
): Map<string, number> {
  const total = indexes.reduce((n, ix) => n + ix.passages.length, 0);
  return new Map(
    [...new Set(terms.map(stem))].map((term) => {
      const df = indexes.reduce((n, ix) => n + (ix.body.postings.get(term)?.at.length ?? 0), 0);
      return [term, idf(total, df)];
    }),
  );
}

function idf(total: number, df: number): number {
  return Math.log(1 + (total - df + 0.5) / (df + 0.5));
}

/** The `limit` best passages of the scope for the terms (index words, as prepareQuery gives them), best first. */
export function rankWithin(
  indexes: readonly PassageIndex[],
  terms: readonly string[],
  limit: number,
): Passage[] {
  const stems = [...new Set(terms.map(stem))];
  const total = indexes.reduce((n, ix) => n + ix.passages.length, 0);
  if (total === 0 || stems.length === 0) return [];
  const scores = indexes.map((ix) => new Float64Array(ix.passages.length));
  for (const pick of [(ix: PassageIndex) => ix.body, (ix: PassageIndex) => ix.head]) {
    const fields = indexes.map(pick);
    const averageLength =
      fields.reduce((n, f, i) => n + f.averageLength * (indexes[i]?.passages.length ?? 0), 0) /
      total;
    for (const term of stems) {
      const df = fields.reduce((n, f) => n + (f.postings.get(term)?.at.length ?? 0), 0);
      if (df === 0) continue;
      const weight = idf(total, df);
      fields.forEach((f, i) => addTerm(f, term, weight, averageLength, scores[i]));
    }
  }
  const ranked: { i: number; j: number; score: number }[] = [];
  scores.forEach((list, i) =>
    list.forEach((score, j) => {
      if (score > 0) ranked.push({ i, j, score });
    }),
  );
  return ranked
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .flatMap(({ i, j, score }) => {
      const passage = indexes[i]?.passages[j];
      return passage === undefined ? [] : [{ ...passage, score }];
    });
}

function addTerm(
  field: FieldIndex,
  term: string,
  idf: number,
  averageLength: number,
  into: Float64Array | undefined,
): void {
  const postings = field.postings.get(term);
  if (postings === undefined || into === undefined) return;
  const norm = averageLength > 0 ? averageLength : 1;
  postings.at.forEach((at, k) => {
    const tf = postings.count[k] ?? 0;
    const length = field.lengths[at] ?? 0;
    into[at] = (into[at] ?? 0) + (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / norm));
  });
}
