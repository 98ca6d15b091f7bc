/**
 * Adds an OCR'd page's words and boxes to its stored text, for the viewer's highlight: boxes are
 * turned from the upright image Tesseract read back to the page as displayed, and scaled to 0–1.
 */
import type { PageOcrWord, PageText } from "../../../../shared/types";
import { readPageOcrResult } from "./documentOcr";
import type { OcrPageResult } from "./types";

type Point = [number, number];

/**
 * A point of the upright image (fractions) on the source image, which was turned `rotation`
 * degrees clockwise to become upright (see rotateGray).
 */
function unturn([u, v]: Point, rotation: number): Point {
  switch (rotation) {
    case 90:
      return [v, 1 - u];
    case 180:
      return [1 - u, 1 - v];
    case 270:
      return [1 - v, u];
    default:
      return [u, v];
  }
}

/** The words of one OCR result with boxes as fractions of the source page (pure). */
export function pageOcrWords(result: OcrPageResult): PageOcrWord[] {
  const w = Math.max(1, result.width);
  const h = Math.max(1, result.height);
  return result.words.map((word) => {
    const [l, t, r, b] = word.box;
    const [x1, y1] = unturn([l / w, t / h], result.rotation);
    const [x2, y2] = unturn([r / w, b / h], result.rotation);
    const round = (n: number): number => Math.round(n * 1e5) / 1e5;
    return {
      text: word.text,
      lineEnd: word.lineEnd,
      box: [
        round(Math.min(x1, x2)),
        round(Math.min(y1, y2)),
        round(Math.max(x1, x2)),
        round(Math.max(y1, y2)),
      ],
    };
  });
}

/**
 * The page with `ocr` set when it was read with OCR and its cache entry is still there (a page
 * whose OCR text was dropped as noise has no passages to highlight, so it gets none).
 */
export async function withPageOcr(text: PageText, cacheDir: string): Promise<PageText> {
  const result = await readPageOcrResult(cacheDir, text.documentId, text.page);
  if (result === null || text.text === "") return text;
  return { ...text, ocr: { confidence: result.confidence, words: pageOcrWords(result) } };
}
