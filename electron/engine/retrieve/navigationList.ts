/**
 * Tables of contents, indexes and tables of authorities: lists of entries, each a name, a run of
 * leader dots and a page number. They repeat the words of every question about the pages they
 * point to, densely and side by side, yet answer none of them, so a ranked list puts them after
 * the passages that hold text. A price list ("Coffee . . . 2.50") is not one: its numbers have
 * decimals or a currency sign, and page numbers do not.
 */
import type { Passage } from "../../../shared/types";

/** A leader run of four dots or more, then a page number (arabic or roman) ending its entry. */
const ENTRY_RE = /(?:\.\s?){4,}\s*(?:\d+|[ivxlc]+)(?:,\s*(?:\d+|[ivxlc]+))*\s*$/i;
/** Fewest entries that make a list rather than a line or two with dots. */
const MIN_ENTRIES = 3;

/** Whether the text is mostly such entries (at least half its lines, and at least three). */
export function isNavigationList(text: string): boolean {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const entries = lines.filter((l) => ENTRY_RE.test(l.trim()) && !/[$€£¥]/u.test(l)).length;
  return entries >= MIN_ENTRIES && entries * 2 >= lines.length;
}

/** The same ranking with navigation lists moved after every other passage (order kept within each part). */
export function navigationLast(passages: Passage[]): Passage[] {
  const lists = passages.map((p) => isNavigationList(p.text));
  return [...passages.filter((_, i) => !lists[i]), ...passages.filter((_, i) => lists[i])];
}
