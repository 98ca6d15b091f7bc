/**
 * Turns a follow-up ("and on Windows?", "what about its default?") into a question that stands
 * on its own, by carrying over the previous question's subject terms. Deterministic and cheap:
 * the same heuristic runs with or without a chat model, so retrieval and abstention behave the
 * same whichever model is selected, and no model time is spent before retrieval.
 */
import { contentTerms, tokenize } from "../../../shared/text";

/** Openings that continue the previous question rather than start a new one. */
const CONTINUATION_RE =
  /^\s*(?:and|or|but|also|so|then|what about|how about|and what about|and how about|same for|same with|what if)\b[\s,]*/i;
/** Words that point back to something said before. */
const ANAPHOR_RE =
  /\b(?:it|its|it's|they|them|their|this|that|these|those|there|one|ones|such|same|former|latter|above)\b/i;

export interface FollowUpOptions {
  /** A question with at most this many content words counts as short. Default: 4. */
  shortQuestionTerms?: number;
  /** How many of the previous question's terms are carried over. Default: 6. */
  carriedTerms?: number;
}

/** Whether the question leans on the previous turn. */
export function isFollowUp(question: string, options: FollowUpOptions = {}): boolean {
  const terms = contentTerms(tokenize(question));
  const short = terms.length <= (options.shortQuestionTerms ?? 4);
  if (CONTINUATION_RE.test(question)) return true;
  return short && (ANAPHOR_RE.test(question) || terms.length <= 2);
}

/**
 * The standalone form of `question` given the previous questions (oldest first; pass their
 * standalone forms so chains of follow-ups keep their subject). Returns the question unchanged
 * when it is not a follow-up or there is nothing before it.
 */
export function rewriteFollowUp(
  question: string,
  previous: readonly string[],
  options: FollowUpOptions = {},
): string {
  const last = previous[previous.length - 1];
  if (last === undefined || !isFollowUp(question, options)) return question.trim();
  const own = new Set(contentTerms(tokenize(question)).map((t) => t.term));
  const carried = contentTerms(tokenize(last))
    .filter((t) => !own.has(t.term))
    // Names and code first: they carry the subject ("R_PAPERSIZE", "Octave").
    .sort((a, b) => Number(b.salient) - Number(a.salient))
    .slice(0, options.carriedTerms ?? 6);
  const body = question.replace(CONTINUATION_RE, "").trim();
  const lead = body === "" ? question.trim() : body.charAt(0).toUpperCase() + body.slice(1);
  if (carried.length === 0) return lead;
  // Keep the words as the user wrote them in the previous question.
  const context = carried.map((t) => surfaceIn(last, t.word)).join(" ");
  return `${lead.replace(/[?.!\s]+$/, "")} (${context})?`;
}

function surfaceIn(text: string, lowerWord: string): string {
  const i = text.toLowerCase().indexOf(lowerWord);
  return i === -1 ? lowerWord : text.slice(i, i + lowerWord.length);
}
