/**
 * Takes a deleted document's words out of a saved answer, keeping the turn. What stays and why:
 *
 * - The question stays: it is the user's own words, not the document's.
 * - Every citation and source of the document keeps its number and page, so the answer's
 *   markers still point somewhere, but its text, quote, file name, title, path and heading
 *   become "source removed" (a title or a file name can itself identify deleted material).
 * - Extractive answers are the documents' own sentences, quoted: the document's block goes
 *   whole, the other documents' blocks stay.
 * - Generative answers are the model's words resting on several sources: sentences resting on
 *   other sources stay (they are the record of what the user was told and are not the deleted
 *   text); a sentence that cites the document, or repeats one of its sentences word for word,
 *   is derived from the deleted material and becomes "source removed". If a sentence of the
 *   document still shows after that, the whole answer goes rather than a quote lingering.
 */
import type { Answer, Citation } from "../../../shared/types";

export const SOURCE_REMOVED = "source removed";

/** Shorter sentences ("See page 4.") are too common to tell a quote from a coincidence. */
const MIN_QUOTE_CHARS = 20;
const SENTENCE_END_RE = /(?<=[.!?;:])\s+|\n+/;
const SPACE_RE = /\s+/g;

/** The answer without the removed documents' words, or null when it quotes none of them. */
export function scrubAnswer(answer: Answer, removed: ReadonlySet<string>): Answer | null {
  const gone = [...answer.sources, ...answer.citations].filter((c) => removed.has(c.documentId));
  if (gone.length === 0) return null;
  const numbers = new Set(gone.map((c) => c.n));
  const quotes = [
    ...new Set(
      gone
        .flatMap((c) => [c.text, c.span].flatMap((t) => t.split(SENTENCE_END_RE)))
        .map((s) => s.replace(SPACE_RE, " ").trim())
        .filter((s) => s.length >= MIN_QUOTE_CHARS),
    ),
  ];
  const scrub = (text: string): string =>
    quotes.reduce((t, q) => t.replaceAll(q, SOURCE_REMOVED), text);

  let text = answer.mode === "extractive" ? dropBlocks(answer.answer, numbers) : answer.answer;
  for (const s of answer.sentences)
    if (s.cites.some((n) => numbers.has(n)) && s.text.trim() !== "")
      text = text.replaceAll(s.text, SOURCE_REMOVED);
  text = scrub(text);
  const flat = text.replace(SPACE_RE, " ");
  if (quotes.some((q) => flat.includes(q))) text = SOURCE_REMOVED;

  const blank = (c: Citation): Citation =>
    removed.has(c.documentId)
      ? {
          ...c,
          file: SOURCE_REMOVED,
          title: SOURCE_REMOVED,
          path: "",
          heading: "",
          pageLabel: null,
          text: SOURCE_REMOVED,
          span: "",
        }
      : c;
  return {
    ...answer,
    answer: text,
    citations: answer.citations.map(blank),
    sources: answer.sources.map(blank),
    sentences: answer.sentences.map((s) =>
      s.cites.some((n) => numbers.has(n))
        ? { ...s, text: SOURCE_REMOVED, supported: false, span: "" }
        : { ...s, text: scrub(s.text), span: scrub(s.span) },
    ),
    unsupported: answer.unsupported.map(scrub),
    standaloneQuestion: scrub(answer.standaloneQuestion),
  };
}

/** Extractive answers are blocks "**[n]** label\n\n> excerpt" (extractiveAnswer.ts). */
function dropBlocks(text: string, numbers: ReadonlySet<number>): string {
  return text
    .split("\n\n**[")
    .map((block, i) => {
      const body = i === 0 ? block : `**[${block}`;
      const n = /^\*\*\[(\d+)\]\*\*/.exec(body)?.[1];
      return n !== undefined && numbers.has(Number(n)) ? `**[${n}]** ${SOURCE_REMOVED}` : body;
    })
    .join("\n\n");
}
