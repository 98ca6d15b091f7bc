/**
 * The one rule that turns a PDF page's pdf.js text items into the page text Enclave indexes.
 * The engine (ingest) and the viewer (renderer) both call it on the same pdfjs-dist version, so
 * a passage's character offsets map back to the exact text items to highlight on the page.
 *
 * The rule is a pure function of the items: the same items always give the same text and offsets.
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

/** A baseline shift of more than this fraction of the line height means a new line. */
const NEW_LINE_FRACTION = 0.5;
/** A horizontal gap wider than this fraction of the font height means a word gap. */
const WORD_GAP_FRACTION = 0.15;

/**
 * What pdf.js omits between two items that should be separated: "\n" when the second item sits on
 * another line, " " when there is a visible gap on the same line, "" otherwise. Without this, the
 * last word of one line and the first word of the next would be glued together ("thepackage").
 */
function separatorBetween(prev: TextItemLike, next: TextItemLike): string {
  const a = prev.transform;
  const b = next.transform;
  if (a === undefined || b === undefined || a.length < 6 || b.length < 6) return "";
  // Rotated or skewed text: positions do not map to lines simply; trust pdf.js's own order.
  if ((a[1] ?? 0) !== 0 || (a[2] ?? 0) !== 0 || (b[1] ?? 0) !== 0 || (b[2] ?? 0) !== 0) return "";
  const height = Math.max(
    Math.abs(prev.height ?? 0),
    Math.abs(next.height ?? 0),
    Math.abs(a[3] ?? 0),
    1,
  );
  const dy = Math.abs((b[5] ?? 0) - (a[5] ?? 0));
  if (dy > height * NEW_LINE_FRACTION) return "\n";
  const gap = (b[4] ?? 0) - ((a[4] ?? 0) + (prev.width ?? 0));
  if (gap > height * WORD_GAP_FRACTION) return " ";
  return "";
}

const WHITESPACE = /\s/;

/**
 * Joins items in order. An item that ends a line (`hasEOL`) is followed by "\n". Where pdf.js gives
 * no whitespace between two non-empty items, a "\n" (next line) or " " (visible gap) is inserted from
 * their positions.
 */
export function joinTextItems(items: readonly TextItemLike[]): JoinedPageText {
  const parts: string[] = [];
  const starts: number[] = [];
  let length = 0;
  let last = "";
  let prev: TextItemLike | undefined;
  for (const item of items) {
    if (
      prev !== undefined &&
      prev.hasEOL !== true &&
      item.str.length > 0 &&
      last !== "" &&
      !WHITESPACE.test(last) &&
      !WHITESPACE.test(item.str[0] ?? "")
    ) {
      const sep = separatorBetween(prev, item);
      if (sep !== "") {
        parts.push(sep);
        length += sep.length;
        last = sep;
      }
    }
    starts.push(length);
    parts.push(item.str);
    length += item.str.length;
    if (item.str.length > 0) last = item.str[item.str.length - 1] ?? last;
    if (item.hasEOL === true) {
      parts.push("\n");
      length += 1;
      last = "\n";
    }
    // Empty items carry no position worth comparing; keep the last item with text as reference.
    if (item.str.length > 0 || item.hasEOL === true) prev = item;
  }
  return { text: parts.join(""), starts };
}

/** The items (by index) that a character range [start, end) of the joined text touches. */
export function itemsInRange(
  joined: JoinedPageText,
  items: readonly TextItemLike[],
  start: number,
  end: number,
): number[] {
  const hits: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const s = joined.starts[i] ?? 0;
    const e = s + (items[i]?.str.length ?? 0);
    if (e > start && s < end) hits.push(i);
  }
  return hits;
}

/** The fields of an OCR word this rule reads (see the engine's OcrWord). */
export interface OcrWordLike {
  text: string;
  /** True for the last word of a text line. */
  lineEnd: boolean;
}

/**
 * The page text of an OCR'd page: words in Tesseract's reading order, " " between the words of a
 * line and "\n" after each line. `starts[i]` is word i's offset, so a passage's offsets map back
 * to the words (and their boxes on the page image) exactly as `itemsInRange` maps PDF text items.
 */
export function joinOcrWords(words: readonly OcrWordLike[]): JoinedPageText {
  const parts: string[] = [];
  const starts: number[] = [];
  let length = 0;
  for (const [i, w] of words.entries()) {
    starts.push(length);
    const sep = i === words.length - 1 ? "" : w.lineEnd ? "\n" : " ";
    parts.push(w.text, sep);
    length += w.text.length + sep.length;
  }
  return { text: parts.join(""), starts };
}

/** The words (by index) that a character range [start, end) of the OCR page text touches. */
export function ocrWordsInRange(
  joined: JoinedPageText,
  words: readonly OcrWordLike[],
  start: number,
  end: number,
): number[] {
  return itemsInRange(
    joined,
    words.map((w) => ({ str: w.text })),
    start,
    end,
  );
}
