import { describe, expect, it } from "vitest";
import { itemsInRange, joinTextItems, type TextItemLike } from "../../../shared/pageText";

const at = (
  str: string,
  x: number,
  y: number,
  width: number,
  extra: Partial<TextItemLike> = {},
): TextItemLike => ({ str, transform: [10, 0, 0, 10, x, y], width, height: 10, ...extra });

describe("joining pdf.js text items into page text", () => {
  it("puts a newline after items that end a line", () => {
    expect(joinTextItems([{ str: "one", hasEOL: true }, { str: "two" }]).text).toBe("one\ntwo");
  });

  it("inserts a newline when the next item sits on a lower line without an end-of-line flag", () => {
    expect(joinTextItems([at("first", 72, 700, 25), at("second", 72, 686, 30)]).text).toBe(
      "first\nsecond",
    );
  });

  it("inserts a space at a visible gap on the same line, and nothing between touching items", () => {
    expect(joinTextItems([at("word", 72, 700, 20), at("next", 100, 700, 20)]).text).toBe(
      "word next",
    );
    expect(joinTextItems([at("hyph", 72, 700, 20), at("enated", 92, 700, 30)]).text).toBe(
      "hyphenated",
    );
  });

  it("does not double spaces pdf.js already gave", () => {
    expect(
      joinTextItems([at("a", 72, 700, 5), at(" ", 77, 700, 3), at("b", 90, 700, 5)]).text,
    ).toBe("a b");
  });

  it("records where each item starts so a character range maps back to its items", () => {
    const items = [at("alpha", 72, 700, 25), at("beta", 110, 700, 20), at("gamma", 72, 686, 25)];
    const joined = joinTextItems(items);
    expect(joined.text).toBe("alpha beta\ngamma");
    items.forEach((item, i) =>
      expect(joined.text.slice(joined.starts[i], (joined.starts[i] ?? 0) + item.str.length)).toBe(
        item.str,
      ),
    );
    expect(
      itemsInRange(joined, items, joined.text.indexOf("beta"), joined.text.indexOf("gamma") + 2),
    ).toEqual([1, 2]);
  });

  it("maps a passage in form or comment text appended after the items to no items, so nothing is boxed", () => {
    const items = [at("Body", 72, 700, 25)];
    const joined = joinTextItems(items);
    // The engine appends annotation text after the page's own text (pdfAnnotationText).
    const pageText = `${joined.text}\n\nReviewer note`;
    const note = pageText.indexOf("Reviewer");
    expect(itemsInRange(joined, items, note, pageText.length)).toEqual([]);
    expect(itemsInRange(joined, items, 0, pageText.length)).toEqual([0]);
  });
});
