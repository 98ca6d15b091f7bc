import { describe, expect, it } from "vitest";
import { contentTerms, hasTerm, termSet, tokenize } from "../../../shared/text";

describe("what a question asks about", () => {
  it("lists each content term once, in order, marking names and code as salient", () => {
    const terms = contentTerms(tokenize("Does RStudio plot plots from read.table in CUDA?"));
    expect(terms.map((t) => [t.term, t.salient])).toEqual([
      ["rstudio", true],
      ["plot", false],
      ["read.table", true],
      ["cuda", true],
    ]);
  });

  it("does not take a capitalised first word for a name", () => {
    expect(contentTerms(tokenize("Plotting in gnuplot"))[0]?.salient).toBe(false);
  });

  it("lets a code-like name and its separate words match each other", () => {
    const term = (word: string): string => tokenize(word)[0]?.term ?? "";
    expect(hasTerm(termSet(tokenize("Call read.table on it.")), term("read.table"))).toBe(true);
    expect(hasTerm(termSet(tokenize("read the tables")), term("read.table"))).toBe(true);
    expect(hasTerm(termSet(tokenize("read the file")), term("read.table"))).toBe(false);
    expect(hasTerm(termSet(tokenize("pass command-line arguments")), term("line"))).toBe(true);
  });

  it("matches numbers exactly, never through their parts", () => {
    expect(hasTerm(termSet(tokenize("set it to 0.6 or 6")), "0.66")).toBe(false);
  });
});
