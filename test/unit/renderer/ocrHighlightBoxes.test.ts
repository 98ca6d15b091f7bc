import { describe, expect, it } from "vitest";
import { ocrHighlightBoxes } from "../../../renderer/src/features/viewer/ocrHighlightBoxes";
import { joinOcrWords } from "../../../shared/pageText";
import type { PageOcrWord } from "../../../shared/types";

const words: PageOcrWord[] = [
  { text: "Seize", lineEnd: false, box: [0.1, 0.1, 0.2, 0.12] },
  { text: "the", lineEnd: false, box: [0.22, 0.1, 0.27, 0.12] },
  { text: "lantern", lineEnd: true, box: [0.29, 0.1, 0.43, 0.12] },
  { text: "Warrant", lineEnd: false, box: [0.1, 0.2, 0.24, 0.22] },
  { text: "expires", lineEnd: true, box: [0.26, 0.2, 0.4, 0.22] },
];
const page = { width: 1000, height: 2000 };

describe("highlight boxes on a scanned page", () => {
  it("covers the cited words, scaled to the drawn page", () => {
    const text = joinOcrWords(words).text;
    const start = text.indexOf("lantern");
    const boxes = ocrHighlightBoxes(words, page, { start, end: text.indexOf("expires") });
    expect(boxes.map((b) => b.text)).toEqual(["lantern", "Warrant"]);
    const [lantern, warrant] = boxes;
    expect(lantern?.left).toBeCloseTo(290);
    expect(lantern?.top).toBeCloseTo(200);
    expect(lantern?.width).toBeCloseTo(140);
    expect(lantern?.height).toBeCloseTo(40);
    expect(warrant?.left).toBeCloseTo(100);
    expect(warrant?.top).toBeCloseTo(400);
  });

  it("covers only the share of a word that a passage starts inside", () => {
    const text = joinOcrWords(words).text;
    const boxes = ocrHighlightBoxes(words, page, {
      start: text.indexOf("tern"),
      end: text.indexOf("lantern") + 7,
    });
    expect(boxes).toHaveLength(1);
    expect(boxes[0]?.text).toBe("tern");
    expect(boxes[0]?.left).toBeCloseTo(290 + (140 * 3) / 7);
    expect(boxes[0]?.width).toBeCloseTo((140 * 4) / 7);
  });

  it("draws nothing for a range outside the page's words", () => {
    expect(ocrHighlightBoxes(words, page, { start: 500, end: 600 })).toEqual([]);
  });
});
