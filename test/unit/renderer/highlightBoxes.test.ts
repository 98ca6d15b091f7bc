import { describe, expect, it } from "vitest";
import { highlightBoxes } from "../../../renderer/src/lib/highlightBoxes";
import { passageRangeOnPage } from "../../../renderer/src/lib/passageRange";

// A 600-point-high page at scale 1: pdf.js's viewport flips y.
const viewport = [1, 0, 0, -1, 0, 600] as const;
const items = [
  { str: "Chapter 2", hasEOL: true, transform: [12, 0, 0, 12, 50, 500], width: 60 },
  { str: "Replace the filter", hasEOL: false, transform: [10, 0, 0, 10, 50, 480], width: 90 },
  { str: " every 200 hours.", hasEOL: true, transform: [10, 0, 0, 10, 140, 480], width: 85 },
];

describe("passage highlight on a PDF page", () => {
  it("boxes exactly the text items the passage's offsets cover, placed from their transforms", () => {
    // "Chapter 2\n" is 10 characters; the passage is the second line.
    const boxes = highlightBoxes(items, viewport, 1, { start: 10, end: 10 + 18 + 17 });
    expect(boxes.map((b) => b.text)).toEqual(["Replace the filter", " every 200 hours."]);
    expect(boxes[0]).toMatchObject({ left: 50, top: 600 - 480 - 10, height: 10, width: 90 });
  });

  it("boxes only the covered share of an item the passage starts inside", () => {
    const boxes = highlightBoxes(items, viewport, 1, { start: 10 + 12, end: 10 + 18 });
    expect(boxes).toHaveLength(1);
    expect(boxes[0]?.text).toBe("filter");
    expect(boxes[0]?.left).toBeCloseTo(50 + (90 * 12) / 18);
  });

  it("splits a passage that runs onto the next page into its part on each page", () => {
    const loc = { page: 4, pageEnd: 5, charStart: 900, charEnd: 120 };
    expect(passageRangeOnPage(loc, 4)).toEqual({ start: 900, end: Number.MAX_SAFE_INTEGER });
    expect(passageRangeOnPage(loc, 5)).toEqual({ start: 0, end: 120 });
    expect(passageRangeOnPage(loc, 6)).toBeNull();
  });
});
