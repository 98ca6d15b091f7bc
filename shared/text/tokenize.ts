/**
 * The one tokeniser. A single scan cuts text into tokens: words, numbers and code-like runs kept
 * whole (read.table, R_LIBS_USER, 0.66, 03/21/95). Two views come from that scan:
 *
 * - `tokenize`: positional tokens with a normalised term, for the answer code, highlighting and
 *   relevance (a question and a passage cut the same way agree on what matches);
 * - `indexWords`: the words the full-text index sees (runs of letters and digits, lower-cased,
 *   accents folded, as LanceDB's "simple" tokenizer with ascii folding makes them), for query
 *   terms and word statistics that must agree with the index.
 *
 * Every regex is compiled once at module load.
 */
import { stemTerm } from "./stem";
import { isStopWord } from "./stopWords";

/**
 * A token starts with a letter, digit or underscore and may continue through inner punctuation
 * (. _ ' / -) as long as it ends on a letter, digit, underscore or combining mark. Marks may
 * only continue a token, so a decomposed "é" stays one word.
 */
const TOKEN_RE = /[\p{L}\p{N}_](?:[\p{L}\p{N}\p{M}_'./-]*[\p{L}\p{N}\p{M}_])?/gu;
const NUMBER_RE = /^\d+(?:[.,/:]\d+)*$/;
// eslint-disable-next-line no-control-regex
const ASCII_RE = /^[\x00-\x7f]*$/;
const ASCII_WORD_RE = /^[a-z0-9]+$/;
const ASCII_WORDS_RE = /[a-z0-9]+/g;
const WORDS_RE = /[\p{L}\p{N}]+/gu;
const MARKS_RE = /\p{M}/gu;

/** One token of a text: its position, surface form and normalised term. */
export interface Token {
  /** Lower-cased, accent-folded and stemmed form (stem.ts stemTerm); numbers are kept exactly. */
  term: string;
  /** As written. */
  surface: string;
  /** Offset of the first character in the text. */
  start: number;
  /** Offset after the last character. */
  end: number;
  /** A stop word (stopWords.ts): no subject matter. */
  stop: boolean;
  numeric: boolean;
}

/** Whether a term is a number ("3", "0.66", "03/21/95"): matched exactly, never stemmed or split. */
export function isNumberTerm(term: string): boolean {
  return NUMBER_RE.test(term);
}

/** Lower-cases and folds accents ("Ångström" -> "angstrom"), as the index's ascii folding does. */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  // Folding is only needed, and only paid for, off ASCII.
  // Compatibility forms may decompose to capitals ("™" -> "TM"), hence lower-casing again.
  return ASCII_RE.test(lower) ? lower : lower.normalize("NFKD").replace(MARKS_RE, "").toLowerCase();
}

/** Runs `visit` on each token's surface and offset, in order: the scan both views share. */
function scan(text: string, visit: (surface: string, start: number) => void): void {
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) visit(m[0], m.index);
}

/** Cuts a text into tokens. Code-like tokens stay whole (their parts are matched by termSet/hasTerm). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  scan(text, (surface, start) => {
    const folded = foldCase(surface);
    const numeric = isNumberTerm(folded);
    out.push({
      term: numeric ? folded : stemTerm(folded),
      surface,
      start,
      end: start + surface.length,
      stop: isStopWord(folded),
      numeric,
    });
  });
  return out;
}

/**
 * The words the full-text index sees: each token's runs of letters and digits, lower-cased and
 * accent-folded ("read.table" -> "read", "table"; "Café" -> "cafe"). Not stemmed.
 */
export function indexWords(text: string): string[] {
  const out: string[] = [];
  // Folding first keeps compatibility forms the index also folds ("™" -> "tm"); offsets are not needed here.
  scan(foldCase(text), (surface) => {
    if (ASCII_WORD_RE.test(surface)) out.push(surface);
    else
      for (const w of surface.match(ASCII_RE.test(surface) ? ASCII_WORDS_RE : WORDS_RE) ?? [])
        out.push(w);
  });
  return out;
}
