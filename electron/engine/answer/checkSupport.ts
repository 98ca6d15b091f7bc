/**
 * Checks each sentence of an answer against the passages it cites, without the model: a sentence
 * is supported when a window of one or two consecutive sentences of a cited passage contains
 * enough of its content words (stemmed, stop words removed) and every number it states, exactly.
 *
 * A sentence with no marker of its own is checked against every source the answer cites
 * anywhere (a model often cites once per paragraph); when the answer cites nothing, such a
 * sentence is unsupported. A sentence with fewer than two content words and no number ("Here is
 * how:") makes no claim to check and counts as supported with an empty span.
 */
import type { AnswerSentence } from "../../../shared/types";
import { findMarkers } from "../../../shared/citations";
import { contentTerms, hasTerm, termSet, tokenize } from "../../../shared/text";

export interface SupportOptions {
  /** Share of a sentence's content words a cited window must contain. Default: 0.5. */
  minOverlap?: number;
}

/** Sentence boundary: after . ! ? (and any markers that follow), or at a line break. */
const SENTENCE_END_RE = /[.!?](?:\s*\[[\d\s,–-]+\])*(?=\s)|\n+/g;
const MARKER_STRIP_RE = /\[[\d\s,–-]+\]/g;
const MARKDOWN_RE = /[*_`#>]+/g;

/** Splits text into sentences with their offsets; markers stay with the sentence they end. */
export function splitSentences(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  SENTENCE_END_RE.lastIndex = 0;
  for (let m = SENTENCE_END_RE.exec(text); m !== null; m = SENTENCE_END_RE.exec(text)) {
    const end = m.index + m[0].length;
    pushTrimmed(out, text, start, end);
    start = end;
  }
  pushTrimmed(out, text, start, text.length);
  return out;
}

function pushTrimmed(
  out: { text: string; start: number }[],
  text: string,
  start: number,
  end: number,
): void {
  const raw = text.slice(start, end);
  const trimmed = raw.trim();
  if (trimmed !== "") out.push({ text: trimmed, start: start + raw.indexOf(trimmed) });
}

/** A source prepared once per answer: its sentence windows and their terms. */
export interface PreparedSource {
  windows: { text: string; terms: Set<string> }[];
  numbers: Set<string>;
}

export function prepareSource(text: string): PreparedSource {
  const sentences = splitSentences(text).map((s) => {
    const tokens = tokenize(s.text);
    return { text: s.text, terms: termSet(tokens) };
  });
  const windows = [...sentences];
  for (let i = 0; i + 1 < sentences.length; i++) {
    const a = sentences[i] as (typeof sentences)[number];
    const b = sentences[i + 1] as (typeof sentences)[number];
    windows.push({ text: `${a.text} ${b.text}`, terms: new Set([...a.terms, ...b.terms]) });
  }
  const numbers = new Set(
    tokenize(text)
      .filter((t) => t.numeric)
      .map((t) => t.term),
  );
  return { windows, numbers };
}

/**
 * Checks every sentence. `sources` maps a marker number to its prepared passage; `answerCites`
 * are the numbers cited anywhere in the answer (for sentences without their own marker).
 */
export function checkSupport(
  answer: string,
  sources: ReadonlyMap<number, PreparedSource>,
  answerCites: readonly number[],
  options: SupportOptions = {},
): { sentences: AnswerSentence[]; spans: Map<number, string> } {
  const minOverlap = options.minOverlap ?? 0.5;
  const spans = new Map<number, string>();
  const sentences: AnswerSentence[] = [];
  for (const s of splitSentences(answer)) {
    const cites = [...new Set(findMarkers(s.text).flatMap((m) => m.numbers))].filter((n) =>
      sources.has(n),
    );
    const plain = s.text.replace(MARKER_STRIP_RE, " ").replace(MARKDOWN_RE, " ");
    const terms = contentTerms(tokenize(plain));
    const words = terms.filter((t) => !t.numeric);
    const numbers = terms.filter((t) => t.numeric);
    if (words.length < 2 && numbers.length === 0) {
      sentences.push({ text: s.text, cites, supported: true, span: "" });
      continue;
    }
    let best = { overlap: 0, span: "", source: -1 };
    for (const n of cites.length > 0 ? cites : answerCites) {
      const source = sources.get(n);
      if (source === undefined) continue;
      // Numbers must appear exactly in the cited passage: "0.66" is not "0.6".
      if (!numbers.every((t) => source.numbers.has(t.term))) continue;
      for (const w of source.windows) {
        let hit = 0;
        for (const t of words) if (hasTerm(w.terms, t.term)) hit++;
        const overlap = words.length === 0 ? 1 : hit / words.length;
        if (
          overlap > best.overlap ||
          (overlap === best.overlap && best.source !== -1 && w.text.length < best.span.length)
        ) {
          best = { overlap, span: w.text, source: n };
        }
      }
    }
    const supported = best.source !== -1 && best.overlap >= minOverlap;
    sentences.push({ text: s.text, cites, supported, span: supported ? best.span : "" });
    if (supported && !spans.has(best.source)) spans.set(best.source, best.span);
  }
  return { sentences, spans };
}
