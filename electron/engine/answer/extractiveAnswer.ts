/**
 * The answer without a chat model: the best passages, each cited [n], quoted with the sentences
 * that match the question in bold. Everything shown is the documents' own words.
 */
import type { AnswerSentence, Passage } from "../../../shared/types";
import { sourceLabel } from "../../../shared/citations";
import { hasTerm, termSet, tokenize, type ContentTerm } from "../../../shared/text";
import { splitSentences } from "./checkSupport";

export interface ExtractiveOptions {
  /** Longest excerpt shown per passage, in characters. Default: 900. */
  maxExcerptChars?: number;
  /** A sentence is marked when it scores at least this share of the passage's best sentence. Default: 0.6. */
  markShare?: number;
}

export interface ExtractiveSource {
  n: number;
  passage: Passage;
  /** The marked sentences, joined: what the citation quotes. */
  span: string;
}

const MD_SPECIAL_RE = /[\\`*_[\]<>#|~]/g;
const SPACE_RE = /\s+/g;

/** Escapes Markdown so passage text (R code such as x[1], a*b) shows literally and never looks like a marker. */
export function escapeMarkdown(text: string): string {
  return text.replace(MD_SPECIAL_RE, (c) => `\\${c}`);
}

export function extractiveAnswer(
  passages: readonly Passage[],
  terms: readonly ContentTerm[],
  weights: ReadonlyMap<string, number>,
  options: ExtractiveOptions = {},
): { answer: string; sentences: AnswerSentence[]; sources: ExtractiveSource[] } {
  const maxChars = options.maxExcerptChars ?? 900;
  const markShare = options.markShare ?? 0.6;
  const parts: string[] = [];
  const sentences: AnswerSentence[] = [];
  const sources: ExtractiveSource[] = [];
  passages.forEach((passage, i) => {
    const n = i + 1;
    const split = splitSentences(passage.text).map((s) => {
      const text = s.text.replace(SPACE_RE, " ");
      const present = termSet(tokenize(text));
      let score = 0;
      for (const t of terms) if (hasTerm(present, t.term)) score += weights.get(t.term) ?? 0;
      return { text, score };
    });
    const bestIndex = split.reduce((b, s, j) => (s.score > (split[b]?.score ?? 0) ? j : b), 0);
    const bestScore = split[bestIndex]?.score ?? 0;
    // Grow a window around the best sentence until the excerpt is long enough.
    let from = bestIndex;
    let to = bestIndex;
    let length = split[bestIndex]?.text.length ?? 0;
    for (let grew = true; grew;) {
      grew = false;
      const next = split[to + 1];
      if (next !== undefined && length + next.text.length <= maxChars) {
        to++;
        length += next.text.length + 1;
        grew = true;
      }
      const prev = split[from - 1];
      if (prev !== undefined && length + prev.text.length <= maxChars) {
        from--;
        length += prev.text.length + 1;
        grew = true;
      }
    }
    const marked: string[] = [];
    const shown = split.slice(from, to + 1).map((s) => {
      const isMarked = bestScore > 0 && s.score >= bestScore * markShare;
      if (!isMarked) return escapeMarkdown(s.text);
      marked.push(s.text);
      sentences.push({ text: s.text, cites: [n], supported: true, span: s.text });
      return `**${escapeMarkdown(s.text)}**`;
    });
    const excerpt = `${from > 0 ? "… " : ""}${shown.join(" ")}${to < split.length - 1 ? " …" : ""}`;
    parts.push(`**[${n}]** ${escapeMarkdown(sourceLabel(passage))}\n\n> ${excerpt}`);
    sources.push({ n, passage, span: marked.join(" ") });
  });
  return { answer: parts.join("\n\n"), sentences, sources };
}
