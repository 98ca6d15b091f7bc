/** Splits text into plain and marked segments, for search hits and supporting spans. */

export interface TextSegment {
  text: string;
  marked: boolean;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Marks each occurrence of the query's words (2+ characters), case-insensitively. */
export function markWords(text: string, query: string): TextSegment[] {
  const words = [...new Set(query.toLowerCase().split(/[^\p{L}\p{N}_.$-]+/u).filter((w) => w.length >= 2))];
  if (words.length === 0) return [{ text, marked: false }];
  words.sort((a, b) => b.length - a.length);
  const re = new RegExp(`(${words.map(escapeRegExp).join("|")})`, "giu");
  return splitBy(text, re);
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

function splitBy(text: string, re: RegExp): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const i = m.index;
    if (i > last) out.push({ text: text.slice(last, i), marked: false });
    out.push({ text: m[0], marked: true });
    last = i + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), marked: false });
  return out;
}
