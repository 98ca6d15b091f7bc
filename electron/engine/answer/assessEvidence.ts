/**
 * Decides, without the model, whether the retrieved passages can answer the question at all.
 *
 * Signal: how much of the question's subject matter one passage covers, each content term
 * weighted by its rarity (idf) in the whole library, plus phrase evidence (question terms that
 * stand next to each other in the passage too). Retrieval always returns *something*; a passage
 * that only shares the common words ("plot", "file") while the rare, specific words ("Vulkan",
 * "CUDA") appear in no passage, or only in passages about something else, does not answer.
 */
import type { ContentTerm } from "./textAnalysis";
import { hasTerm } from "./textAnalysis";

/**
 * Document frequencies from the store's full-text index: for each lower-cased word, in how many
 * passages it occurs, and how many passages the searched collections hold. Any store can answer
 * this (LanceDB FTS, SQLite FTS, a BM25 in memory); without it, rarity is estimated from the
 * retrieved passages alone, which is weaker.
 */
export type TermStats = (words: string[]) => Promise<{ totalPassages: number; documentFrequency: Map<string, number> }>;

export interface EvidenceOptions {
  /** Share of the question's idf weight one passage must cover. Default: 0.5. */
  minCoverage?: number;
  /** How many of the best-ranked passages are examined. Default: 6. */
  passagesConsidered?: number;
  /** Weight of phrase evidence (adjacent question terms adjacent in the passage) in the score. Default: 0.15. */
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

export interface EvidencePassage {
  terms: ReadonlySet<string>;
  /** Terms of the passage's document title and file name: a gnuplot manual page is about gnuplot without saying so. */
  titleTerms: ReadonlySet<string>;
  /** Content-term sequence of the passage (stop words removed), for phrase evidence. */
  sequence: readonly string[];
}

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

const covers = (p: EvidencePassage, term: string): boolean => hasTerm(p.terms, term) || hasTerm(p.titleTerms, term);

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
    for (const c of candidates) if (covers(c, t.term)) localDf++;
    let w: number;
    if (stats !== null && stats.totalPassages > 0) {
      const n = stats.totalPassages;
      const df = stats.documentFrequency.get(t.word) ?? 0;
      // A name the library never uses means the question is about something else; an everyday
      // word it never uses only means the user phrased it differently, so it weighs nothing.
      if (df === 0 && t.salient) unknownNames.push(t.word);
      w = df === 0 ? (t.salient ? Math.log(1 + (n + 0.5) / 0.5) : 0) : Math.log(1 + (n - df + 0.5) / (df + 0.5));
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
  let total = 0;
  let covered = 0;
  for (const t of terms) {
    const w = weights.get(t.term) ?? 0;
    total += w;
    if (covers(passage, t.term)) covered += w;
  }
  if (total === 0) return 0;
  const coverage = covered / total;
  return (1 - phraseWeight) * coverage + phraseWeight * phraseEvidence(terms, passage.sequence);
}

/** Share of adjacent question-term pairs that also stand within two terms of each other in the passage. */
function phraseEvidence(terms: readonly ContentTerm[], sequence: readonly string[]): number {
  if (terms.length < 2 || sequence.length === 0) return 0;
  const positions = new Map<string, number[]>();
  for (let i = 0; i < sequence.length; i++) {
    const s = sequence[i] as string;
    const list = positions.get(s);
    if (list === undefined) positions.set(s, [i]);
    else list.push(i);
  }
  let pairs = 0;
  let hits = 0;
  for (let i = 0; i + 1 < terms.length; i++) {
    pairs++;
    const a = positions.get((terms[i] as ContentTerm).term);
    const b = positions.get((terms[i + 1] as ContentTerm).term);
    if (a === undefined || b === undefined) continue;
    if (a.some((pa) => b.some((pb) => Math.abs(pb - pa) <= 2))) hits++;
  }
  return pairs === 0 ? 0 : hits / pairs;
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
  const { weights, unknownNames } = termWeights(terms, stats, passages, options.unmatchedWordFactor);
  // Question terms that name a document of the library (its title or file name).
  const subjects = terms.filter((t) => passages.some((p) => hasTerm(p.titleTerms, t.term)));
  let score = 0;
  let bestPassage = -1;
  for (let i = 0; i < considered.length; i++) {
    const p = considered[i] as EvidencePassage;
    let s = passageScore(terms, weights, p, phraseWeight);
    for (const subject of subjects) if (!covers(p, subject.term)) s *= offSubjectFactor;
    if (s > score) {
      score = s;
      bestPassage = i;
    }
  }
  const found = considered.length > 0 && terms.length > 0 && unknownNames.length === 0 && score >= minCoverage;
  return { found, score, bestPassage, unknownNames, weights };
}
