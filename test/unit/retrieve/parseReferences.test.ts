import { describe, expect, it } from "vitest";
import { parseReferences } from "../../../electron/engine/retrieve/parseReferences";

const pages = (q: string) => parseReferences(q).pages;
const sections = (q: string) => parseReferences(q).sections;
const intent = (q: string) => parseReferences(q).intent;

describe("page references in a question", () => {
  it("reads page numbers, lists and ranges as typed", () => {
    expect(pages("What is on page 14?")).toEqual([{ kind: "label", label: "14", physical: false }]);
    expect(pages("see p. 5")).toEqual([{ kind: "label", label: "5", physical: false }]);
    expect(
      pages("Which products are shown on pages 6 and 7?").map((p) => p.kind === "label" && p.label),
    ).toEqual(["6", "7"]);
    expect(pages("Summarise pp. 3–7").map((p) => p.kind === "label" && p.label)).toEqual([
      "3",
      "4",
      "5",
      "6",
      "7",
    ]);
    expect(pages("the preface on page iv")).toEqual([
      { kind: "label", label: "iv", physical: false },
    ]);
    expect(pages("What is on PDF page 3?")).toEqual([
      { kind: "label", label: "3", physical: true },
    ]);
    expect(pages("what is on the 3rd page")).toEqual([
      { kind: "label", label: "3", physical: true },
    ]);
  });

  it("reads first, last, cover and title pages", () => {
    expect(pages("What does the first page say?")).toEqual([{ kind: "first" }]);
    expect(pages("What is on the last page?")).toEqual([{ kind: "last" }]);
    expect(pages("Which court is named on the title page?")).toEqual([{ kind: "cover" }]);
    expect(pages("What is on the cover?")).toEqual([{ kind: "cover" }]);
  });

  it("reads the title page for who wrote or published the document itself", () => {
    expect(pages("Who are the authors of this guide?")).toEqual([{ kind: "cover" }]);
    expect(pages("Who wrote this report?")).toEqual([{ kind: "cover" }]);
    expect(pages("Which agency published the handbook?")).toEqual([]);
    expect(pages("Who is the author of the bash shell?")).toEqual([]);
    expect(pages("Who wrote the opinion on the title page?")).toEqual([{ kind: "cover" }]);
    expect(pages("Which authors appear on the cover of the user guide?")).toEqual([
      { kind: "cover" },
    ]);
    expect(pages("Is theft in the cover of this policy?")).toEqual([]);
  });

  it("leaves ordinary words alone", () => {
    expect(pages("Does the warranty cover water damage?")).toEqual([]);
    expect(pages("What is the title of the report?")).toEqual([]);
    expect(pages("Which page in the manual explains the pump?")).toEqual([]);
    expect(pages("How do I set the paper size for plots?")).toEqual([]);
    expect(pages("Which page I should read first?")).toEqual([]);
    expect(pages("the foreword on page IV")).toEqual([
      { kind: "label", label: "iv", physical: false },
    ]);
  });

  it("takes the page words out of the text that is still searched", () => {
    expect(parseReferences("What date is printed at the top of page 3?").remainder).not.toMatch(
      /page|3/,
    );
  });
});

describe("structure references in a question", () => {
  it("reads numbered sections, chapters, appendices, parts, tables and figures", () => {
    expect(sections("What does section 3.2 require?")).toEqual([{ kind: "section", label: "3.2" }]);
    expect(sections("Summarise chapter four")).toEqual([{ kind: "chapter", label: "4" }]);
    expect(sections("What is in appendix B?")).toEqual([{ kind: "appendix", label: "B" }]);
    expect(sections("What does Annex 2 list?")).toEqual([{ kind: "appendix", label: "2" }]);
    expect(sections("What does table 2 show?")).toEqual([{ kind: "table", label: "2" }]);
    expect(sections("Explain figure 3")).toEqual([{ kind: "figure", label: "3" }]);
  });

  it("reads a part named by its topic", () => {
    expect(sections("List the countries in the safety notices part")).toEqual([
      { kind: "topic", words: "safety notices" },
    ]);
    expect(sections("What does the section on warranty say?")).toEqual([
      { kind: "topic", words: "warranty" },
    ]);
    expect(sections("What does the section on documentation needed for development say?")).toEqual([
      { kind: "topic", words: "documentation needed for development" },
    ]);
    expect(sections("What does the first section say?")).toEqual([]);
    expect(sections("Summarise what the appendix of the standard covers")).toEqual([
      { kind: "topic", words: "appendix" },
    ]);
    expect(sections("What is in the appendix B?")).toEqual([{ kind: "appendix", label: "B" }]);
  });

  it("tells structure, summary, counting and listing questions apart", () => {
    expect(intent("How many annexes are there?")).toEqual({
      kind: "outline",
      of: "appendix",
      count: true,
    });
    expect(intent("What chapters does the book have?")).toEqual({
      kind: "outline",
      of: "chapter",
      count: false,
    });
    expect(intent("Show the table of contents")).toEqual({
      kind: "outline",
      of: null,
      count: false,
    });
    expect(intent("Summarise this document")).toEqual({ kind: "summary" });
    expect(intent("How many exercises does the course have?")).toEqual({
      kind: "count",
      item: "exercises",
    });
    expect(intent("List all the countries")).toEqual({ kind: "list", item: "countries" });
    expect(intent("What is the name of the plaintiff?")).toBeNull();
    expect(intent("Which appendix explains the installation under Windows?")).toBeNull();
  });
});
