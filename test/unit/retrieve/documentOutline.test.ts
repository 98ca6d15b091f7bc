import { describe, expect, it } from "vitest";
import type { Passage } from "../../../shared/types";
import {
  documentOutline,
  entryKind,
  findCaptions,
  findSections,
} from "../../../electron/engine/retrieve/documentOutline";

function passage(i: number, page: number, heading: string, text = `Text ${i}.`): Passage {
  return {
    chunkId: `d:${i}`,
    documentId: "d",
    file: "manual.pdf",
    path: "/m/manual.pdf",
    title: "Manual",
    page,
    pageEnd: page,
    pageLabel: String(page - 2),
    heading,
    text,
    score: 0,
    charStart: 0,
    charEnd: text.length,
  };
}

const doc = [
  passage(0, 1, ""),
  passage(1, 3, "1 Obtaining R"),
  passage(2, 4, "1 Obtaining R › 1.1 Getting sources"),
  passage(3, 5, "1 Obtaining R › 1.2 Using Subversion", "Table 2 Mirrors\nRow one."),
  passage(4, 7, "2 Installing R › 2.1 Simple compilation", "See table 2 for mirrors."),
  passage(5, 9, "A Essential programs"),
  passage(6, 10, "Appendix B Configuration"),
  passage(7, 11, "Appendix B Configuration › B.1 Options"),
];

describe("a document's outline from its heading paths", () => {
  const outline = documentOutline(doc);

  it("lists every level in reading order with the pages each section spans", () => {
    expect(outline.map((e) => [e.title, e.level, e.page, e.pageEnd])).toEqual([
      ["1 Obtaining R", 1, 3, 5],
      ["1.1 Getting sources", 2, 4, 4],
      ["1.2 Using Subversion", 2, 5, 5],
      ["2 Installing R", 1, 7, 7],
      ["2.1 Simple compilation", 2, 7, 7],
      ["A Essential programs", 1, 9, 9],
      ["Appendix B Configuration", 1, 10, 11],
      ["B.1 Options", 2, 11, 11],
    ]);
  });

  it("finds numbered sections, chapters and appendices, by name or by number", () => {
    expect(findSections(outline, "section", "1.2").map((e) => e.title)).toEqual([
      "1.2 Using Subversion",
    ]);
    expect(findSections(outline, "chapter", "2").map((e) => e.title)).toEqual(["2 Installing R"]);
    expect(findSections(outline, "chapter", "ii").map((e) => e.title)).toEqual(["2 Installing R"]);
    expect(findSections(outline, "appendix", "B").map((e) => e.title)).toEqual([
      "Appendix B Configuration",
    ]);
    expect(findSections(outline, "appendix", "A").map((e) => e.title)).toEqual([
      "A Essential programs",
    ]);
    expect(findSections(outline, "section", "1.3")).toEqual([]);
  });

  it("finds a chapter or appendix whose bookmark lacks its number by its subsections' numbers", () => {
    // LaTeX bookmarks: "Example model description" is appendix E; its subsections say so.
    const latex = documentOutline([
      passage(0, 60, "Table drivers"),
      passage(1, 61, "Table drivers › D.1 CSV table driver"),
      passage(2, 69, "Example model description"),
      passage(3, 70, "Example model description › E.1 Model description"),
      passage(4, 72, "Example model description › E.2 Generated LP problem"),
    ]);
    expect(findSections(latex, "appendix", "E").map((e) => [e.title, e.page])).toEqual([
      ["Example model description", 69],
    ]);
    expect(findSections(latex, "appendix", "D").map((e) => e.title)).toEqual(["Table drivers"]);
    expect(findSections(latex, "appendix", "F")).toEqual([]);
    // A numbered entry still wins.
    expect(findSections(outline, "appendix", "B").map((e) => e.title)).toEqual([
      "Appendix B Configuration",
    ]);
  });

  it("tells appendices from chapters", () => {
    expect(outline.filter((e) => entryKind(e) === "appendix").map((e) => e.title)).toEqual([
      "A Essential programs",
      "Appendix B Configuration",
    ]);
    expect(outline.filter((e) => entryKind(e) === "chapter").map((e) => e.title)).toEqual([
      "1 Obtaining R",
      "2 Installing R",
    ]);
  });

  it("finds a table's caption before the passages that only mention it", () => {
    expect(findCaptions(doc, "table", "2")).toEqual([3, 4]);
    expect(findCaptions(doc, "figure", "2")).toEqual([]);
  });
});
