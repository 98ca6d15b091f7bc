/**
 * Answers about a document as a whole, without a chat model, in the documents' own words: its
 * outline ("how many appendices", "what chapters"), a summary as the outline with the first
 * sentence of each section, and every passage that mentions what a counting or listing question
 * asks about ("how many exercises", "list the countries"). Each line cites the page it comes from.
 */
import type { AnswerSentence, Citation, Passage } from "../../../shared/types";
import { indexWords, stem } from "../../../shared/text";
import type { OutlineEntry } from "../retrieve/documentOutline";
import { splitSentences } from "./checkSupport";
import { escapeMarkdown } from "./extractiveAnswer";

export interface WholeDocumentAnswer {
  answer: string;
  sources: Citation[];
  sentences: AnswerSentence[];
}

/** Most items a listing answer shows; the rest are counted, not shown. */
export const MAX_LISTED = 100;

/** "p. 6 (printed 4)", or for a span "pp. 6–9 (printed from 4)". */
function pages(p: { page: number; pageEnd: number; pageLabel: string | null }): string {
  const label = p.pageLabel !== null && p.pageLabel !== String(p.page) ? p.pageLabel : null;
  if (p.pageEnd <= p.page) return `p. ${p.page}${label === null ? "" : ` (printed ${label})`}`;
  return `pp. ${p.page}–${p.pageEnd}${label === null ? "" : ` (printed from ${label})`}`;
}

function cite(passage: Passage, n: number, span: string): Citation {
  return { ...passage, n, span };
}

function firstSentence(text: string): string {
  const first = splitSentences(text)[0]?.text ?? text;
  return first.replace(/\s+/g, " ").trim().slice(0, 300);
}

const KIND_NAMES: Record<string, [string, string]> = {
  appendix: ["appendix", "appendices"],
  chapter: ["chapter", "chapters"],
  part: ["part", "parts"],
  section: ["section", "sections"],
};

/**
 * The outline entries asked about, one line each with its pages, citing the section's first
 * passage. `kind`: what the question asked about (null: the whole outline).
 */
export function outlineAnswer(
  file: string,
  entries: readonly { entry: OutlineEntry; passage: Passage }[],
  kind: string | null,
): WholeDocumentAnswer {
  const sources: Citation[] = [];
  const sentences: AnswerSentence[] = [];
  const lines: string[] = [];
  for (const { entry: e, passage: first } of entries) {
    const n = sources.length + 1;
    sources.push(cite(first, n, e.title));
    sentences.push({ text: e.title, cites: [n], supported: true, span: e.title });
    lines.push(
      `${"  ".repeat(Math.max(0, e.level - 1))}- ${escapeMarkdown(e.title)}, ${pages(e)} [${n}]`,
    );
  }
  const [one, many] = KIND_NAMES[kind ?? ""] ?? ["entry", "entries"];
  const head =
    kind === null
      ? `The outline of ${file}:`
      : `${file} has ${sources.length} ${sources.length === 1 ? one : many}:`;
  return { answer: [head, "", ...lines].join("\n"), sources, sentences };
}

/**
 * A summary without a model: each section of the outline with its first sentence, citing the
 * section's first passage.
 */
export function outlineSummary(
  file: string,
  entries: readonly OutlineEntry[],
  document: readonly Passage[],
): WholeDocumentAnswer {
  const sources: Citation[] = [];
  const sentences: AnswerSentence[] = [];
  const lines: string[] = [];
  for (const e of entries) {
    // The section's first passage with more than its heading in it.
    const body = document
      .slice(e.from, e.to)
      .find((p) => p.text.trim().length > e.title.length + 20);
    const passage = body ?? document[e.from];
    if (passage === undefined) continue;
    const n = sources.length + 1;
    const text = passage.text.replace(e.title, "").trim();
    const sentence = firstSentence(text === "" ? passage.text : text);
    sources.push(cite(passage, n, sentence));
    sentences.push({ text: sentence, cites: [n], supported: true, span: sentence });
    lines.push(
      `- **${escapeMarkdown(e.title)}** (${pages(e)}): ${escapeMarkdown(sentence)} [${n}]`,
    );
  }
  return {
    answer: [`${file}, section by section (each section's first sentence):`, "", ...lines].join(
      "\n",
    ),
    sources,
    sentences,
  };
}

/** Whether a passage mentions the item (any form of its word: "exercise", "Exercises"). */
export function mentions(item: string, passage: Passage): boolean {
  const wanted = indexWords(item).map(stem);
  if (wanted.length === 0) return false;
  const have = new Set(indexWords(passage.text).map(stem));
  return wanted.every((w) => have.has(w));
}

/**
 * Every passage of the document that mentions the item, in reading order (not only the top
 * ranked), each with the sentence that names it; at most MAX_LISTED shown.
 */
export function listAnswer(
  file: string,
  item: string,
  document: readonly Passage[],
): WholeDocumentAnswer {
  const wanted = new Set(indexWords(item).map(stem));
  const matching = document.filter((p) => mentions(item, p));
  const sources: Citation[] = [];
  const sentences: AnswerSentence[] = [];
  const lines: string[] = [];
  for (const passage of matching.slice(0, MAX_LISTED)) {
    const n = sources.length + 1;
    const sentence =
      splitSentences(passage.text)
        .map((s) => s.text.replace(/\s+/g, " ").trim())
        .find((s) => indexWords(s).some((w) => wanted.has(stem(w)))) ?? firstSentence(passage.text);
    sources.push(cite(passage, n, sentence));
    sentences.push({ text: sentence, cites: [n], supported: true, span: sentence });
    lines.push(`- ${pages(passage)}: ${escapeMarkdown(sentence.slice(0, 300))} [${n}]`);
  }
  const more = matching.length > MAX_LISTED ? ` (the first ${MAX_LISTED} are shown)` : "";
  const head =
    matching.length === 0
      ? `No passage of ${file} mentions "${item}".`
      : `${matching.length} passage${matching.length === 1 ? " mentions" : "s mention"} "${item}" in ${file}, each listed with the sentence that names it${more}:`;
  return { answer: [head, "", ...lines].join("\n"), sources, sentences };
}
