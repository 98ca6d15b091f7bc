/**
 * Boxes to draw over a rendered PDF page for a passage: the page's text items are joined with the
 * same rule the engine indexed them with, the passage's offsets select the items, and each item's
 * transform (through the viewport) gives its rectangle. Pure, so it is unit-testable.
 */
import { itemsInRange, joinTextItems, type TextItemLike } from "../../../shared/pageText";

export type Matrix = readonly [number, number, number, number, number, number];

export interface HighlightBox {
  left: number;
  top: number;
  width: number;
  height: number;
  /** The highlighted characters of the item. */
  text: string;
}

/** Same composition as pdf.js `Util.transform`. */
export function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

export function highlightBoxes(
  items: readonly TextItemLike[],
  viewportTransform: Matrix,
  scale: number,
  range: { start: number; end: number },
): HighlightBox[] {
  const joined = joinTextItems(items);
  const boxes: HighlightBox[] = [];
  for (const i of itemsInRange(joined, items, range.start, range.end)) {
    const item = items[i];
    if (item === undefined || item.transform === undefined || item.str.trim() === "") continue;
    const t = item.transform;
    const tx = multiply(viewportTransform, [
      t[0] ?? 1,
      t[1] ?? 0,
      t[2] ?? 0,
      t[3] ?? 1,
      t[4] ?? 0,
      t[5] ?? 0,
    ]);
    const height = Math.hypot(tx[2], tx[3]);
    const fullWidth = (item.width ?? 0) * scale;
    const start = joined.starts[i] ?? 0;
    const len = item.str.length;
    // Highlight only the part of an item the passage covers (approximated by character share).
    const from = Math.max(0, range.start - start);
    const to = Math.min(len, range.end - start);
    boxes.push({
      left: tx[4] + (fullWidth * from) / len,
      top: tx[5] - height,
      width: (fullWidth * (to - from)) / len,
      height,
      text: item.str.slice(from, to),
    });
  }
  return boxes;
}
