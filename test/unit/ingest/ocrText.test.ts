import { describe, expect, it } from "vitest";
import { textLayerUnusable } from "../../../electron/engine/ingest/ocr/textLayerQuality";
import { readImageHeader } from "../../../electron/engine/ingest/ocr/imageHeader";
import { joinOcrWords, ocrWordsInRange } from "../../../shared/pageText";
import { ocrLabel } from "../../../shared/ocr";

describe("which PDF pages are read with OCR", () => {
  it("keeps a page with a readable text layer", () => {
    expect(
      textLayerUnusable("The cartridge case was recovered beneath the jar in the pantry."),
    ).toBe(false);
  });
  it("reads a page with no text, or only a page number, with OCR", () => {
    expect(textLayerUnusable("")).toBe(true);
    expect(textLayerUnusable("  12 \n")).toBe(true);
  });
  it("reads a page whose text layer is a scanner's mojibake with OCR", () => {
    expect(textLayerUnusable("Ã©Â¤ ¦¦¦ ÃÃÃ ¤¤ Â©Â© ÿþ ÐÑ ¬¬ ±± ÃÂ ½½ ¾¾ Ã")).toBe(true);
  });
});

describe("OCR page text and its word offsets", () => {
  const words = [
    { text: "Court", lineEnd: false },
    { text: "order", lineEnd: true },
    { text: "Seize", lineEnd: false },
    { text: "lantern", lineEnd: true },
  ];
  it("puts spaces between a line's words and a newline after each line", () => {
    expect(joinOcrWords(words).text).toBe("Court order\nSeize lantern");
  });
  it("maps a passage's character range back to the words to highlight", () => {
    const joined = joinOcrWords(words);
    const start = joined.text.indexOf("order");
    expect(ocrWordsInRange(joined, words, start, joined.text.indexOf("lantern") + 3)).toEqual([
      1, 2, 3,
    ]);
  });
});

describe("images are sized from their header before decoding", () => {
  it("reads a PNG's claimed size, so a decompression bomb is refused before any pixels exist", () => {
    const png = new Uint8Array(33);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(png.buffer).setUint32(16, 100_000);
    new DataView(png.buffer).setUint32(20, 100_000);
    expect(readImageHeader(png)).toMatchObject({ kind: "png", width: 100_000, height: 100_000 });
  });
});

describe("how OCR'd passages are labelled", () => {
  it('says "OCR, 93%", and marks pages under the confidence floor', () => {
    expect(ocrLabel(93.4)).toBe("OCR, 93%");
    expect(ocrLabel(41)).toBe("OCR, 41%, low confidence");
    expect(ocrLabel(null)).toBe("");
  });
});
