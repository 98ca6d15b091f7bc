import { describe, expect, it } from "vitest";
import { prepareQuery } from "../../../electron/engine/retrieve/prepareQuery";

describe("query preparation", () => {
  it("drops question scaffolding and punctuation but keeps the content words", () => {
    expect(prepareQuery("How do I read a CSV file, in R?").terms).toEqual([
      "read",
      "csv",
      "file",
      "r",
    ]);
  });

  it("keeps code-like terms whole and also searches their parts", () => {
    const q = prepareQuery("What does par(mfrow) do?");
    expect(q.codeTerms).toEqual(["par(mfrow)"]);
    expect(q.terms).toEqual(["par", "mfrow"]);
  });

  it("does not search the words that name the document asked about ('this filing', 'these slides')", () => {
    expect(prepareQuery("Who is the plaintiff in this filing?").terms).toEqual(["plaintiff"]);
    expect(prepareQuery("What is the heading of these slides?").terms).toEqual(["heading"]);
    expect(prepareQuery("What does this guide say about the slide rule?").terms).toEqual([
      "slide",
      "rule",
    ]);
  });

  it("a question of only stop words still searches its words", () => {
    expect(prepareQuery("what is this").terms).toEqual(["what", "is", "this"]);
  });

  it("drops contractions that are stop words and keeps the stem of possessives", () => {
    expect(
      prepareQuery("Why isn't R's sample() returning what I'm after? It doesn\u2019t").terms,
    ).toEqual(["r", "sample", "returning"]);
    expect(prepareQuery("read.table says 'line 1 did not have 5 elements'").terms).toEqual([
      "read",
      "table",
      "line",
      "1",
      "5",
      "elements",
    ]);
  });

  it("searches accented words as the index folds them", () => {
    expect(prepareQuery("Café Ångström naïve").terms).toEqual(["cafe", "angstrom", "naive"]);
  });
});
