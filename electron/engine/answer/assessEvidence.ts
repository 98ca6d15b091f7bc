/**
 * Decides, without the model, whether the retrieved passages can answer the question at all.
 *
 * Signal: how much of the question's subject matter one passage covers, each content term
 * weighted by its rarity (idf) in the whole library, plus phrase evidence (question terms that
 * stand close together in the passage too), both from the one relevance scorer
 * (shared/text/relevance) that ranking also uses. Retrieval always returns *something*; a
 * passage that only shares the common words ("plot", "file") while the rare, specific words
 * ("Vulkan", "CUDA") appear in no passage, or only in passages about something else, does not
 * answer.
 */
import type { AnalysedPassage, ContentTerm } from "../../../shared/text";
import { hasTerm, mentions, relevance } from "../../../shared/text";

/**
 * Document frequencies from the store's full-text index: for each lower-cased word, in how many
 * passages it occurs, and how many passages the searched collections hold. Any store can answer
 * this (LanceDB FTS, SQLite FTS, a BM25 in memory); without it, rarity is estimated from the
 * retrieved passages alone, which is weaker.
 */
export type TermStats = (
  words: string[],
) => Promise<{ totalPassages: number; documentFrequency: Map<string, number> }>;

export interface EvidenceOptions {
  /** Share of the question's idf weight one passage must cover. Default: 0.5. */
  minCoverage?: number;
  /** How many of the best-ranked passages are examined. Default: 6. */
  passagesConsidered?: number;
  /** Weight of phrase evidence (consecutive question terms close together in the passage) in the score. Default: 0.15. */
  phraseWeight?: number;
  /**
   * Factor on the weight of an everyday (not name-shaped) word that no retrieved passage
   * contains: the library is phrased differently, which says little about the subject. Default: 0.3.
   */
  unmatchedWordFactor?: number;
  /**
   * Factor on a passage's score for each question term naming a document of the library
   * ("gnuplot") that the passage neither contains nor belongs to: it is about another product. Default: 0.6.
   */
  offSubjectFactor?: number;
}

/**
 * A passage analysed with its document's title and file name as its head
 * (`analysePassage(text, `${title} ${file}`)`): a gnuplot manual page is about gnuplot without
 * saying so.
 */
export type EvidencePassage = AnalysedPassage;

/**
 * Question terms up to three words apart in a passage count as a phrase ("title of the plot"
 * for "plot title"): looser than ranking's side-by-side, because evidence asks whether the
 * passage talks about these things together, not whether it uses the question's wording.
 */
const PHRASE_WINDOW = 3;

export interface Evidence {
  found: boolean;
  /** Best passage's score in [0, 1]. */
  score: number;
  /** Index (in the given order) of the passage with the best score, -1 when none. */
  bestPassage: number;
  /** Name- or code-shaped question terms the library never mentions. */
  unknownNames: string[];
  /** Per question term, its weight (for explanations and tests). */
  weights: Map<string, number>;
}

/** Weights of question terms: idf from library statistics, or from the candidates as a fallback. */
export function termWeights(
  terms: readonly ContentTerm[],
  stats: { totalPassages: number; documentFrequency: Map<string, number> } | null,
  candidates: readonly EvidencePassage[],
  unmatchedWordFactor = 0.3,
): { weights: Map<string, number>; unknownNames: string[] } {
  const weights = new Map<string, number>();
  const unknownNames: string[] = [];
  const k = candidates.length;
  for (const t of terms) {
    let localDf = 0;
    for (const c of candidates) if (mentions(c, t.term)) localDf++;
    let w: number;
    if (stats !== null && stats.totalPassages > 0) {
      const n = stats.totalPassages;
      const df = stats.documentFrequency.get(t.word) ?? 0;
      // A name the library never uses means the question is about something else; an everyday
      // word it never uses only means the user phrased it differently, so it weighs nothing.
      if (df === 0 && t.salient) unknownNames.push(t.word);
      w =
        df === 0
          ? t.salient
            ? Math.log(1 + (n + 0.5) / 0.5)
            : 0
          : Math.log(1 + (n - df + 0.5) / (df + 0.5));
    } else {
      w = Math.log(1 + (k + 1) / (localDf + 0.5)) * (t.salient ? 1.5 : 1);
    }
    if (localDf === 0 && !t.salient) w *= unmatchedWordFactor;
    weights.set(t.term, w);
  }
  return { weights, unknownNames };
}

/** Scores one passage: weighted coverage plus phrase evidence, in [0, 1], before the subject check. */
export function passageScore(
  terms: readonly ContentTerm[],
  weights: ReadonlyMap<string, number>,
  passage: EvidencePassage,
  phraseWeight: number,
): number {
  // A question whose every term weighs nothing (words the library never uses) has no evidence, phrase or not.
  if (terms.every((t) => (weights.get(t.term) ?? 0) === 0)) return 0;
  const r = relevance({ terms: terms.map((t) => t.term), codes: [] }, passage, {
    weights,
    phraseWindow: PHRASE_WINDOW,
  });
  return (1 - phraseWeight) * r.coverage + phraseWeight * r.phrase;
}

/** The decision. `passages` must be in relevance order. */
export function assessEvidence(
  terms: readonly ContentTerm[],
  passages: readonly EvidencePassage[],
  stats: { totalPassages: number; documentFrequency: Map<string, number> } | null,
  options: EvidenceOptions = {},
): Evidence {
  const minCoverage = options.minCoverage ?? 0.5;
  const considered = passages.slice(0, options.passagesConsidered ?? 6);
  const phraseWeight = options.phraseWeight ?? 0.15;
  const offSubjectFactor = options.offSubjectFactor ?? 0.6;
  const { weights, unknownNames } = termWeights(
    terms,
    stats,
    passages,
    options.unmatchedWordFactor,
  );
  // Question terms that name a document of the library (its title or file name).
  const subjects = terms.filter((t) => passages.some((p) => hasTerm(p.headTerms, t.term)));
  let score = 0;
  let bestPassage = -1;
  for (let i = 0; i < considered.length; i++) {
    const p = considered[i] as EvidencePassage;
    let s = passageScore(terms, weights, p, phraseWeight);
    for (const subject of subjects) if (!mentions(p, subject.term)) s *= offSubjectFactor;
    if (s > score) {
      score = s;
      bestPassage = i;
    }
  }
  const found =
    considered.length > 0 && terms.length > 0 && unknownNames.length === 0 && score >= minCoverage;
  return { found, score, bestPassage, unknownNames, weights };
}
