/**
 * Boxes to draw over a scanned page for a passage: the OCR words are joined with the same rule the
 * engine indexed them with (joinOcrWords), the passage's offsets select the words, and each word's
 * box (fractions of the page) is scaled to the drawn page. The OCR counterpart of highlightBoxes.
 */
import { joinOcrWords, ocrWordsInRange } from "../../../../shared/pageText";
import type { PageOcrWord } from "../../../../shared/types";
import type { HighlightBox } from "../../lib/highlightBoxes";

export function ocrHighlightBoxes(
  words: readonly PageOcrWord[],
  page: { width: number; height: number },
  range: { start: number; end: number },
): HighlightBox[] {
  const joined = joinOcrWords(words);
  const boxes: HighlightBox[] = [];
  for (const i of ocrWordsInRange(joined, words, range.start, range.end)) {
    const word = words[i];
    if (word === undefined) continue;
    const [l, t, r, b] = word.box;
    const start = joined.starts[i] ?? 0;
    const len = Math.max(1, word.text.length);
    // A passage that starts or ends inside a word covers its share of the box (as for PDF items).
    const from = Math.max(0, range.start - start);
    const to = Math.min(len, range.end - start);
    const width = (r - l) * page.width;
    boxes.push({
      left: l * page.width + (width * from) / len,
      top: t * page.height,
      width: (width * (to - from)) / len,
      height: (b - t) * page.height,
      text: word.text.slice(from, to),
    });
  }
  return boxes;
}
