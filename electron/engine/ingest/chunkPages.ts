import type { PageRecord } from "../store/types";
import type { ChunkDraft } from "../store/types";
import type { HeadingMark, ParsedPage } from "./types";

export interface ChunkOptions {
  /**
   * The size a chunk aims for, in characters; it closes at the first paragraph or sentence end past
   * this. Default 800: best hit@1/hit@5 among 600-1,400 on the dev set (bench:retrieval --chunk-chars),
   * and about 200 tokens, so a 4k-context model still gets 8+ sources.
   */
  targetChars?: number;
  /** Hard upper bound on a chunk's text length; must stay below 2,500. Default 2,400. */
  maxChars?: number;
  /** Characters (whole lines of the same page) repeated from the end of one chunk at the start of the next. Default 0. */
  overlapChars?: number;
}

/** No chunk may reach this many characters (the store's and the prompt's assumption). */
export const CHUNK_HARD_LIMIT = 2500;

/** Invalid chunking options (a programming or configuration error, not a user error). */
export class ChunkOptionsError extends RangeError {
  override readonly name = "ChunkOptionsError";
}

interface Open {
  page: number;
  start: number;
  pageEnd: number;
  end: number;
  headingPath: string[];
  /** Starts of the lines appended on `pageEnd`, for overlap. */
  lineStarts: number[];
  /** false while the chunk holds only overlap repeated from the previous one. */
  fresh: boolean;
}

const SENTENCE_END = /[.!?:;)\]"'»”]$/u;

function isSpace(c: string | undefined): boolean {
  return (
    c === " " ||
    c === "\t" ||
    c === "\n" ||
    c === "\r" ||
    c === "\f" ||
    c === "\v" ||
    c === "\u00a0"
  );
}

/**
 * Splits pages into passages for search. A chunk respects paragraphs and sections (a heading
 * always starts a new chunk), spans at most two consecutive pages, and never reaches 2,500
 * characters; a single enormous line is cut at word boundaries (or, with none, between characters).
 *
 * A chunk's `text` is exactly the page text it covers, so offsets stay exact:
 * one page: `text === pageText.slice(charStart, charEnd)`;
 * two pages: `text === pageText.slice(charStart) + "\n" + pageEndText.slice(0, charEnd)`.
 * Yields, after each page, the chunks completed so far and that page's record for the store.
 */
export async function* chunkPages(
  pages: AsyncIterable<ParsedPage>,
  options: ChunkOptions = {},
): AsyncGenerator<{ chunks: ChunkDraft[]; pages: PageRecord[] }> {
  const maxChars = options.maxChars ?? 2400;
  const target = Math.min(options.targetChars ?? 800, maxChars);
  const overlap = options.overlapChars ?? 0;
  if (!(maxChars >= 100 && maxChars < CHUNK_HARD_LIMIT))
    throw new ChunkOptionsError(
      `maxChars must be between 100 and ${CHUNK_HARD_LIMIT - 1}; got ${maxChars}.`,
    );
  if (!(target >= 50))
    throw new ChunkOptionsError(`targetChars must be at least 50; got ${target}.`);
  if (!(overlap >= 0 && overlap <= target / 2))
    throw new ChunkOptionsError(
      `overlapChars must be between 0 and half of targetChars (${target / 2}); got ${overlap}.`,
    );
  const softMax = Math.min(maxChars, Math.round(target * 1.5));

  const texts = new Map<number, string>();
  const stack: { level: number; text: string }[] = [];
  let out: ChunkDraft[] = [];
  let index = 0;
  let cur: Open | null = null;

  const textOf = (page: number): string => texts.get(page) ?? "";
  const lengthOf = (c: Open): number =>
    c.page === c.pageEnd ? c.end - c.start : textOf(c.page).length - c.start + 1 + c.end;

  const emit = (c: Open): void => {
    const a = textOf(c.page);
    const text =
      c.page === c.pageEnd
        ? a.slice(c.start, c.end)
        : `${a.slice(c.start)}\n${textOf(c.pageEnd).slice(0, c.end)}`;
    if (!/\S/.test(text)) return;
    out.push({
      index: index++,
      page: c.page,
      pageEnd: c.pageEnd,
      charStart: c.start,
      charEnd: c.end,
      headingPath: c.headingPath,
      text,
    });
  };

  /** Closes the open chunk; `keepOverlap` starts the next one with its last lines. */
  const flush = (keepOverlap: boolean): void => {
    const c = cur;
    cur = null;
    if (c === null || !c.fresh) return;
    emit(c);
    if (!keepOverlap || overlap === 0) return;
    const from = c.page === c.pageEnd ? c.start : 0;
    const s = c.lineStarts.find((ls) => ls > from && c.end - ls <= overlap);
    if (s !== undefined)
      cur = {
        page: c.pageEnd,
        start: s,
        pageEnd: c.pageEnd,
        end: c.end,
        headingPath: c.headingPath,
        lineStarts: [s],
        fresh: false,
      };
  };

  const headingPath = (): string[] => stack.map((h) => h.text);

  /** Appends the trimmed segment [s, e) of page `p` (no newlines inside). */
  const append = (p: number, s: number, e: number): void => {
    const text = textOf(p);
    if (e - s > maxChars) {
      flush(false);
      s = splitLongSegment(text, s, e);
    }
    if (cur !== null) {
      const grown: Open = { ...cur, pageEnd: p, end: e };
      if (lengthOf(grown) > maxChars) {
        flush(true);
        if (cur !== null && lengthOf({ ...cur, pageEnd: p, end: e }) > maxChars) cur = null;
      }
    }
    if (cur === null) {
      cur = {
        page: p,
        start: s,
        pageEnd: p,
        end: e,
        headingPath: headingPath(),
        lineStarts: [s],
        fresh: true,
      };
    } else {
      if (cur.pageEnd !== p) cur.lineStarts = [];
      cur.pageEnd = p;
      cur.end = e;
      cur.lineStarts.push(s);
      cur.fresh = true;
    }
    const len = lengthOf(cur);
    if (len >= softMax || (len >= target && SENTENCE_END.test(text.slice(Math.max(s, e - 2), e))))
      flush(true);
  };

  /** Emits maxChars-sized pieces of an enormous segment; returns where the remainder starts. */
  const splitLongSegment = (text: string, s: number, e: number): number => {
    while (e - s > maxChars) {
      let cut = s + maxChars;
      let k = cut;
      while (k > s + maxChars / 2 && !isSpace(text[k])) k--;
      if (k > s + maxChars / 2) cut = k;
      else if (/[\uD800-\uDBFF]/.test(text[cut - 1] ?? "")) cut--;
      let pieceEnd = cut;
      while (pieceEnd > s && isSpace(text[pieceEnd - 1])) pieceEnd--;
      emit({
        page: currentPage,
        start: s,
        pageEnd: currentPage,
        end: pieceEnd,
        headingPath: headingPath(),
        lineStarts: [],
        fresh: true,
      });
      s = cut;
      while (s < e && isSpace(text[s])) s++;
    }
    return s;
  };

  const applyHeading = (h: HeadingMark): void => {
    flush(false);
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= h.level) stack.pop();
    stack.push({ level: h.level, text: h.text });
  };

  let currentPage = 0;
  let previous: ParsedPage | null = null;
  for await (const page of pages) {
    currentPage = page.page;
    texts.set(page.page, page.text);
    // A chunk may run onto this page only from the page just before it.
    if (cur !== null && (cur as Open).pageEnd !== page.page - 1) flush(false);
    if (previous !== null) texts.delete(previous.page - 1);
    const headings = [...page.headings].sort((x, y) => x.offset - y.offset);
    const text = page.text;
    let hi = 0;
    let lineStart = 0;
    for (;;) {
      let lineEnd = text.indexOf("\n", lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      let segStart = lineStart;
      for (;;) {
        let first = segStart;
        while (first < lineEnd && isSpace(text[first])) first++;
        // Headings that start here close the open chunk before their line joins the next one.
        while (hi < headings.length && (headings[hi]?.offset ?? Infinity) <= first)
          applyHeading(headings[hi++] as HeadingMark);
        const nextHeading = headings[hi]?.offset ?? Infinity;
        const segEnd = nextHeading < lineEnd ? nextHeading : lineEnd;
        let e = segEnd;
        while (e > first && isSpace(text[e - 1])) e--;
        if (first < e) append(page.page, first, e);
        else if (
          segStart === lineStart &&
          segEnd === lineEnd &&
          cur !== null &&
          lengthOf(cur) >= target / 2
        )
          flush(true);
        if (segEnd >= lineEnd) break;
        segStart = segEnd;
      }
      if (lineEnd >= text.length) break;
      lineStart = lineEnd + 1;
    }
    for (; hi < headings.length; hi++) applyHeading(headings[hi] as HeadingMark);
    // Keep a paragraph open across the page break only when it has not ended and is still short.
    if (cur !== null) {
      const c: Open = cur;
      const tail = text.slice(Math.max(0, c.end - 2), c.end);
      if (c.page !== page.page || lengthOf(c) >= target || SENTENCE_END.test(tail)) flush(false);
    }
    const batch = out;
    out = [];
    yield { chunks: batch, pages: [{ page: page.page, text: page.text, label: page.label }] };
    previous = page;
  }
  flush(false);
  if (out.length > 0) yield { chunks: out, pages: [] };
}
