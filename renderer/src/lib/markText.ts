/** Splits text into plain and marked segments, for search hits and supporting spans. */
import { hasTerm, tokenize } from "../../../shared/text";

export interface TextSegment {
  text: string;
  marked: boolean;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Marks the words of a search hit that match the query's words the way search matches them
 * (the shared tokeniser and stemmer): whole words in any case or accent, other forms of a word
 * ("installing" for "install"), code-like names whole (R_LIBS_USER, read.table). The query's
 * stop words are not marked unless it has no other words; one-letter words never are.
 */
export function markWords(text: string, query: string): TextSegment[] {
  const queryTokens = tokenize(query);
  const content = queryTokens.filter((t) => !t.stop);
  const wanted = new Set(
    (content.length > 0 ? content : queryTokens).map((t) => t.term).filter((t) => t.length >= 2),
  );
  if (wanted.size === 0) return [{ text, marked: false }];
  const out: TextSegment[] = [];
  let last = 0;
  for (const t of tokenize(text)) {
    if (!hasTerm(wanted, t.term)) continue;
    if (t.start > last) out.push({ text: text.slice(last, t.start), marked: false });
    out.push({ text: t.surface, marked: true });
    last = t.end;
  }
  if (last < text.length) out.push({ text: text.slice(last), marked: false });
  return out;
}

/** Marks the first occurrence of `span` in `text`, tolerant of whitespace differences. */
export function markSpan(text: string, span: string): TextSegment[] {
  const trimmed = span.trim();
  if (trimmed === "") return [{ text, marked: false }];
  const re = new RegExp(`(${trimmed.split(/\s+/).map(escapeRegExp).join("\\s+")})`, "u");
  const m = re.exec(text);
  if (m === null) return [{ text, marked: false }];
  const out: TextSegment[] = [];
  if (m.index > 0) out.push({ text: text.slice(0, m.index), marked: false });
  out.push({ text: m[0], marked: true });
  const rest = text.slice(m.index + m[0].length);
  if (rest !== "") out.push({ text: rest, marked: false });
  return out;
}

/** Marks the character range [start, end) of `text`. */
export function markRange(text: string, start: number, end: number): TextSegment[] {
  const s = Math.max(0, Math.min(text.length, start));
  const e = Math.max(s, Math.min(text.length, end));
  return [
    { text: text.slice(0, s), marked: false },
    { text: text.slice(s, e), marked: true },
    { text: text.slice(e), marked: false },
  ].filter((seg) => seg.text !== "");
}
