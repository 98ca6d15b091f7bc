/**
 * The one relevance scorer: how well a passage matches a question, as features in [0, 1] that
 * each caller weighs for its own purpose. Ranking (retrieve/rescore) adds them to the full-text
 * score with every term weighing the same; abstention (answer/assessEvidence) weighs terms by
 * their rarity in the library and asks whether the best passage covers enough of the question.
 * Both read text with the same tokeniser, stemmer and stop list.
 */
import { codeTerms } from "./codeTerms";
import { contentTerms } from "./contentTerms";
import { stem, termParts } from "./stem";
import { hasTerm, termSet } from "./termSet";
import { indexWords, tokenize } from "./tokenize";

/** A question analysed once, to score many passages against. */
export interface AnalysedQuestion {
  /** Stemmed content terms, distinct, in order of first appearance. */
  terms: readonly string[];
  /** Whole code-like terms, lower-cased (codeTerms.ts). */
  codes: readonly string[];
}

/** A passage analysed once. */
export interface AnalysedPassage {
  /** Terms of the body. */
  terms: ReadonlySet<string>;
  /** Terms of what names the passage (title, heading path, file name: the caller decides). */
  headTerms: ReadonlySet<string>;
  /** Where each term stands in the body, counting every word (stop words too). */
  positions: ReadonlyMap<string, readonly number[]>;
  /** The body lower-cased, for whole code terms. */
  lowerText: string;
}

/**
 * How a passage is read, both from the one tokeniser:
 * - "tokens": code-like tokens stay whole and also match through their parts, so a question
 *   about "read.table" needs a passage that mentions it (abstention, support);
 * - "indexWords": the words the full-text index matched ("read.table" is "read" and "table"),
 *   to re-score what the index found on the index's own terms (ranking).
 */
export type PassageView = "tokens" | "indexWords";

export interface RelevanceOptions {
  /** Weight of each question term in `coverage` and `head`; a term not in the map weighs 0. Default: all weigh 1. */
  weights?: ReadonlyMap<string, number>;
  /**
   * Farthest apart two consecutive question terms may stand in the passage to count as a phrase,
   * in words (1: side by side; stop words in between count). Default: 1.
   */
  phraseWindow?: number;
}

/** Features of one passage for one question, each in [0, 1]. */
export interface Relevance {
  /** Weighted share of the question's terms the passage contains, in its body or head. */
  coverage: number;
  /** Share of consecutive question-term pairs that stand within `phraseWindow` of each other in the body. */
  phrase: number;
  /** Share of the question's code-like terms the body contains whole. */
  code: number;
  /** Weighted share of the question's terms the head contains. */
  head: number;
}

/** The question's content terms (stop words and one-letter words dropped) and code terms. */
export function analyseQuestion(text: string): AnalysedQuestion {
  return { terms: contentTerms(tokenize(text)).map((t) => t.term), codes: codeTerms(text) };
}

/**
 * `head`: what names the passage; its terms count for coverage, not for phrases. Default: none.
 * `view`: see PassageView. Default: "tokens".
 */
export function analysePassage(
  body: string,
  head = "",
  view: PassageView = "tokens",
): AnalysedPassage {
  const positions = new Map<string, number[]>();
  const at = (term: string, i: number): void => {
    const list = positions.get(term);
    if (list === undefined) positions.set(term, [i]);
    else list.push(i);
  };
  const lowerText = body.toLowerCase();
  if (view === "indexWords") {
    const words = indexWords(body).map(stem);
    words.forEach(at);
    return {
      terms: new Set(words),
      headTerms: new Set(indexWords(head).map(stem)),
      positions,
      lowerText,
    };
  }
  const tokens = tokenize(body);
  let i = 0;
  for (const t of tokens) {
    at(t.term, i);
    // A compound's parts stand side by side, as the words of "command line" do in "command-line".
    const parts = t.numeric ? [] : termParts(t.term);
    parts.forEach((part, k) => at(part, i + k));
    i += Math.max(1, parts.length);
  }
  return {
    terms: termSet(tokens),
    headTerms: head === "" ? new Set() : termSet(tokenize(head)),
    positions,
    lowerText,
  };
}

/** Whether the passage mentions a question term, in its body or its head. */
export function mentions(passage: AnalysedPassage, term: string): boolean {
  return hasTerm(passage.terms, term) || hasTerm(passage.headTerms, term);
}

export function relevance(
  question: AnalysedQuestion,
  passage: AnalysedPassage,
  options: RelevanceOptions = {},
): Relevance {
  const { weights } = options;
  let total = 0;
  let covered = 0;
  let inHead = 0;
  for (const term of question.terms) {
    const w = weights === undefined ? 1 : (weights.get(term) ?? 0);
    total += w;
    if (w === 0) continue;
    if (hasTerm(passage.headTerms, term)) {
      covered += w;
      inHead += w;
    } else if (hasTerm(passage.terms, term)) covered += w;
  }
  return {
    coverage: total === 0 ? 0 : covered / total,
    phrase: phraseShare(question.terms, passage.positions, options.phraseWindow ?? 1),
    code: codeShare(question.codes, passage.lowerText),
    head: total === 0 ? 0 : inHead / total,
  };
}

function phraseShare(
  terms: readonly string[],
  positions: ReadonlyMap<string, readonly number[]>,
  window: number,
): number {
  if (terms.length < 2 || positions.size === 0) return 0;
  let hits = 0;
  for (let i = 0; i + 1 < terms.length; i++) {
    const a = positions.get(terms[i] as string);
    const b = positions.get(terms[i + 1] as string);
    if (a === undefined || b === undefined) continue;
    if (a.some((pa) => b.some((pb) => pa !== pb && Math.abs(pb - pa) <= window))) hits++;
  }
  return hits / (terms.length - 1);
}

function codeShare(codes: readonly string[], lowerText: string): number {
  if (codes.length === 0) return 0;
  return codes.filter((c) => lowerText.includes(c)).length / codes.length;
}
