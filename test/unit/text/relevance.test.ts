import { describe, expect, it } from "vitest";
import { analysePassage, analyseQuestion, relevance, stem } from "../../../shared/text";

describe("the relevance scorer", () => {
  const question = analyseQuestion("How do I widen the margins of a plot with par(mar)?");

  it("asks about the question's content words and its code-like terms", () => {
    expect(question.terms).toEqual(["widen", "margin", "plot", "par", "mar"].map(stem));
    expect(question.codes).toEqual(["par(mar)"]);
  });

  it("measures the share of the question's terms a passage contains, its title included", () => {
    const all = relevance(
      question,
      analysePassage("Use par(mar) to widen plot margins.", "Graphics"),
    );
    const some = relevance(question, analysePassage("Margins are measured in lines.", "Graphics"));
    const viaTitle = relevance(
      question,
      analysePassage("Margins are measured in lines.", "Plot basics"),
    );
    expect(all.coverage).toBe(1);
    expect(some.coverage).toBeCloseTo(1 / 5);
    expect(viaTitle.coverage).toBeCloseTo(2 / 5);
    expect(viaTitle.head).toBeCloseTo(1 / 5);
  });

  it("weighs rare terms above common ones when given weights", () => {
    const [widen, margin, plot, par, mar] = question.terms as string[];
    const weights = new Map([
      [widen, 1],
      [margin, 1],
      [plot, 0.1],
      [par, 2],
      [mar, 2],
    ] as [string, number][]);
    const passage = analysePassage("widen the plot");
    expect(relevance(question, passage).coverage).toBeCloseTo(2 / 5);
    expect(relevance(question, passage, { weights }).coverage).toBeCloseTo(1.1 / 6.1);
  });

  it("counts consecutive question terms standing together as a phrase, within the window asked for", () => {
    const q = analyseQuestion("missing values");
    expect(relevance(q, analysePassage("missing values are NA")).phrase).toBe(1);
    expect(relevance(q, analysePassage("values that are missing")).phrase).toBe(0);
    expect(
      relevance(q, analysePassage("values that are missing"), { phraseWindow: 3 }).phrase,
    ).toBe(1);
  });

  it("finds the words of a hyphenated term side by side", () => {
    const q = analyseQuestion("command line arguments");
    expect(relevance(q, analysePassage("pass command-line arguments"))).toMatchObject({
      coverage: 1,
      phrase: 1,
    });
  });

  it("rewards a code-like term written whole, not its parts apart", () => {
    expect(relevance(question, analysePassage("par(mar) sets them")).code).toBe(1);
    expect(relevance(question, analysePassage("par and mar")).code).toBe(0);
  });

  it("reads a passage as the index does when asked: a dotted name is its separate words", () => {
    const q = { terms: ["read", "table"].map(stem), codes: [] };
    const asTokens = analysePassage("read.table reads a file");
    const asIndex = analysePassage("read.table reads a file", "", "indexWords");
    expect(asTokens.terms.has("read.table")).toBe(true);
    expect(asIndex.terms.has("read.table")).toBe(false);
    expect(relevance(q, asIndex)).toMatchObject({ coverage: 1, phrase: 1 });
  });
});
