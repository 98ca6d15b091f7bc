import { describe, expect, it } from "vitest";
import { contentTerms, isStopWord, tokenize } from "../../../shared/text";

describe("the stop list", () => {
  it("drops the words that frame a question and keeps what it is about", () => {
    const terms = contentTerms(tokenize("How do I tell R what paper size to use by default?"));
    expect(terms.map((t) => t.term)).toEqual(["paper", "size", "default"]);
  });

  it("covers contractions whole and the fragments the index leaves of them", () => {
    for (const word of ["isn't", "don't", "you've", "ll", "ve", "re"])
      expect(isStopWord(word)).toBe(true);
  });

  it("keeps 'instead', which manuals use to name the alternative a question asks for", () => {
    expect(isStopWord("instead")).toBe(false);
  });
});
