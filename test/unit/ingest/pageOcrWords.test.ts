import { describe, expect, it } from "vitest";
import { rotateGray } from "../../../electron/engine/ingest/ocr/grayImage";
import { pageOcrWords } from "../../../electron/engine/ingest/ocr/pageOcrText";
import type { GrayImage } from "../../../electron/engine/ingest/ocr/types";

/** A white image with one black rectangle [left, top, right, bottom) in it. */
function withRectangle(width: number, height: number, r: number[]): GrayImage {
  const data = new Uint8Array(width * height).fill(255);
  for (let y = r[1] ?? 0; y < (r[3] ?? 0); y++)
    for (let x = r[0] ?? 0; x < (r[2] ?? 0); x++) data[y * width + x] = 0;
  return { width, height, data };
}

/** The bounding box of the black pixels. */
function blackBox(img: GrayImage): [number, number, number, number] {
  let [l, t, r, b] = [img.width, img.height, 0, 0];
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++)
      if (img.data[y * img.width + x] === 0) {
        [l, t, r, b] = [Math.min(l, x), Math.min(t, y), Math.max(r, x + 1), Math.max(b, y + 1)];
      }
  return [l, t, r, b];
}

describe("OCR word boxes for the viewer", () => {
  const source = withRectangle(40, 60, [4, 30, 20, 36]);
  const expected = [4 / 40, 30 / 60, 20 / 40, 36 / 60];

  for (const rotation of [0, 90, 180, 270]) {
    it(`puts a word read on a scan turned ${rotation}° back where it is on the page as shown`, () => {
      // What OCR saw: the source turned upright, and the word's box in that image.
      const upright = rotateGray(source, rotation);
      const [word] = pageOcrWords({
        width: upright.width,
        height: upright.height,
        rotation,
        confidence: 90,
        words: [{ text: "seized", box: blackBox(upright), confidence: 90, lineEnd: true }],
      });
      expect(word?.text).toBe("seized");
      word?.box.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? -1, 3));
    });
  }
});
