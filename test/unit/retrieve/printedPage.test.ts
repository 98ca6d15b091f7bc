import { describe, expect, it } from "vitest";
import { findPrintedPage, printsPageNumber } from "../../../electron/engine/retrieve/printedPage";

describe("the page number printed on a page", () => {
  it("reads it from a header or footer line", () => {
    expect(printsPageNumber("Auto Multiple Choice   53 / 92\n\nText of the page.", 53)).toBe(true);
    expect(printsPageNumber("Body text here.\nMore text.\n- 12 -", 12)).toBe(true);
    expect(printsPageNumber("Body text here.\nPage 7", 7)).toBe(true);
    expect(printsPageNumber("14\nChapter 2 Installing", 14)).toBe(true);
    expect(printsPageNumber("Chapter 3 Maintenance    33", 33)).toBe(true);
  });

  it("does not take a number in a sentence, a larger number or one mid-page for it", () => {
    expect(printsPageNumber("The limit is 53.\nMore text.", 53)).toBe(false);
    expect(printsPageNumber("Auto Multiple Choice   153 / 192", 53)).toBe(false);
    const mid = ["Top line", "Second line", "a row 53", "another line", "last", "footer"];
    expect(printsPageNumber(mid.join("\n"), 53)).toBe(false);
  });
});

describe("finding the page that prints a number", () => {
  /** A 100-sheet document whose pages print (sheet - 9) in their footer from sheet 10 on. */
  const pages = new Map(
    Array.from({ length: 100 }, (_, i) => {
      const sheet = i + 1;
      const footer = sheet >= 10 ? `\nManual    ${sheet - 9} / 91` : "";
      return [sheet, `Text of sheet ${sheet}, 53 units.${footer}`];
    }),
  );
  const reads: number[] = [];
  const store = {
    getPageText: (_id: string, page: number) => {
      reads.push(page);
      return Promise.resolve({ text: pages.get(page) ?? "" });
    },
  } as never;

  it("finds the sheet that shows the number near the page first thought of", async () => {
    reads.length = 0;
    expect(await findPrintedPage(store, "d", 53, 53, 100)).toBe(62);
    // Each sheet of the window is read once, the one first thought of included.
    expect(reads.length).toBe(new Set(reads).size);
    expect(await findPrintedPage(store, "d", 53, 58, 100)).toBe(62);
  });

  it("keeps the page first thought of when it shows the number, reading only it", async () => {
    reads.length = 0;
    expect(await findPrintedPage(store, "d", 53, 62, 100)).toBe(62);
    expect(reads).toEqual([62]);
  });

  it("finds nothing in a document that prints no page numbers", async () => {
    // Sheet 60 ends in "53" (a total), but no neighbour prints 52 or 54: not a page number.
    const plain = {
      getPageText: (_id: string, page: number) =>
        Promise.resolve({ text: page === 60 ? "Sheet 60.\nTotal 53" : `Sheet ${page}.` }),
    } as never;
    expect(await findPrintedPage(plain, "d", 53, 53, 100)).toBeNull();
  });
});
