/**
 * The one rule that turns a PDF page's pdf.js text items into the page text Enclave indexes.
 * The engine (ingest) and the viewer (renderer) both call it on the same pdfjs-dist version, so
 * a passage's character offsets map back to the exact text items to highlight on the page.
 */

/** The fields of a pdf.js TextItem this rule reads. */
export interface TextItemLike {
  str: string;
  hasEOL?: boolean;
  /** pdf.js transform matrix [a, b, c, d, e, f]; e, f are the item's position. */
  transform?: number[];
  width?: number;
  height?: number;
}

export interface JoinedPageText {
  text: string;
  /** Offset of each item's `str` in `text`, same order as the items. */
  starts: number[];
}

/** Joins items in order; an item that ends a line is followed by "\n". */
export function joinTextItems(items: readonly TextItemLike[]): JoinedPageText {
  let text = "";
  const starts: number[] = [];
  for (const item of items) {
    starts.push(text.length);
    text += item.str;
    if (item.hasEOL === true) text += "\n";
  }
  return { text, starts };
}

/** The items (by index) that a character range [start, end) of the joined text touches. */
export function itemsInRange(joined: JoinedPageText, items: readonly TextItemLike[], start: number, end: number): number[] {
  const hits: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const s = joined.starts[i] ?? 0;
    const e = s + (items[i]?.str.length ?? 0);
    if (e > start && s < end) hits.push(i);
  }
  return hits;
}
