import type { HeadingMark } from "./types";

export interface DetectHeadingsOptions {
  /**
   * Also treat short Title Case lines that stand alone (blank line before and after) as level-1
   * headings. Default false: in PDFs such lines are mostly running headers and table cells.
   */
  titleCase?: boolean;
}

/** Lines longer than this are body text, never headings. */
const MAX_HEADING_CHARS = 100;
const MAX_HEADING_WORDS = 14;

const NUMBERED = /^(\d{1,2}(?:\.\d{1,3}){0,5})\.?\s+(\p{Lu}.*)$/u;
const LETTERED = /^([A-Z](?:\.\d{1,3}){1,5})\.?\s+(\p{Lu}.*)$/u;
const APPENDIX = /^(?:Appendix|Annex|APPENDIX|ANNEX)\s+([A-Z]|\d{1,2})(?:[.:]|\s|$)/u;
const CHAPTER = /^(?:Chapter|Part|CHAPTER|PART)\s+(?:\d{1,3}|[IVXLC]{1,6})(?:[.:]|\s|$)/u;
/** Table-of-contents lines and running headers end in a page number or dot leaders. */
const TOC_TAIL = /(?:\.\s*){3,}\s*\d*\s*$|\s\d{1,4}$/u;
const SMALL_WORDS = new Set([
  "a",
  "an",
  "and",
  "as",
  "at",
  "by",
  "for",
  "from",
  "in",
  "into",
  "of",
  "on",
  "or",
  "the",
  "to",
  "with",
  "vs",
  "via",
]);

/** The heading level of one line, or null when the line does not look like a heading. */
export function headingLevel(line: string, options: DetectHeadingsOptions = {}): number | null {
  const s = line.trim();
  if (s.length < 2 || s.length > MAX_HEADING_CHARS) return null;
  if (s.split(/\s+/).length > MAX_HEADING_WORDS) return null;
  if (TOC_TAIL.test(s)) return null;
  if (/[.,;]$/.test(s)) return null;
  const numbered = NUMBERED.exec(s) ?? LETTERED.exec(s);
  if (numbered !== null) {
    const rest = numbered[2] ?? "";
    // "3 The value is..." style sentences and numeric table rows are not headings.
    if (!/\p{L}{2}/u.test(rest)) return null;
    return (numbered[1] ?? "").split(".").length;
  }
  if (APPENDIX.test(s) || CHAPTER.test(s)) return 1;
  if (options.titleCase === true && isTitleCase(s)) return 1;
  return null;
}

function isTitleCase(s: string): boolean {
  const words = s.split(/\s+/);
  if (words.length > 8 || s.length > 60) return false;
  if (!/^\p{Lu}/u.test(s) || /[.:!?]$/.test(s)) return false;
  return words.every((w, i) =>
    i > 0 && SMALL_WORDS.has(w.toLowerCase()) ? true : /^[\p{Lu}\d(]/u.test(w),
  );
}

/** Headings found in plain page text by pattern: numbered ("6.1 Default packages"), "Appendix A", "Chapter 3". */
export function detectHeadings(text: string, options: DetectHeadingsOptions = {}): HeadingMark[] {
  const marks: HeadingMark[] = [];
  let start = 0;
  let prevBlank = true;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    const nextEnd = text.indexOf("\n", end + 1);
    const nextLine =
      end >= text.length ? "" : text.slice(end + 1, nextEnd < 0 ? text.length : nextEnd);
    const standalone = prevBlank && nextLine.trim() === "";
    const level = headingLevel(line, { titleCase: options.titleCase === true && standalone });
    if (level !== null) {
      const lead = line.length - line.trimStart().length;
      marks.push({ offset: start + lead, level, text: line.trim() });
    }
    prevBlank = line.trim() === "";
    if (end >= text.length) break;
    start = end + 1;
  }
  return marks;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A printed section number before a title: "6.3", "A.2", "12.", "Appendix B". */
export const SECTION_NUMBER =
  /^\s*(?:(?:Appendix|Chapter)\s+)?(?:\d{1,3}|[A-Z])(?:\.\d{1,3})*\.?\s*$/;

/**
 * Where a heading title (e.g. from a PDF bookmark) appears in page text, ignoring whitespace and
 * case differences; -1 when it does not appear. An occurrence that starts its line (after at most a
 * section number) wins over an earlier one inside body text ("Windows" the heading, not "on Windows").
 */
export function findHeadingOffset(text: string, title: string, from = 0): number {
  const words = title
    .trim()
    .split(/\s+/)
    .filter((w) => w !== "");
  if (words.length === 0) return -1;
  const re = new RegExp(words.map(escapeRegExp).join("\\s*"), "giu");
  re.lastIndex = from;
  let first = -1;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const lineStart = text.lastIndexOf("\n", m.index - 1) + 1;
    const prefix = text.slice(lineStart, m.index);
    if (prefix.trim() === "" || SECTION_NUMBER.test(prefix)) return m.index;
    if (first < 0) first = m.index;
    if (m[0].length === 0) re.lastIndex++;
  }
  return first;
}
