import { describe, expect, it } from "vitest";
import { markRange, markSpan, markWords } from "../../../renderer/src/lib/markText";

const marked = (segments: { text: string; marked: boolean }[]) =>
  segments.filter((s) => s.marked).map((s) => s.text);

describe("marking text", () => {
  it("marks every query word in a search hit, whatever its case or form", () => {
    expect(
      marked(
        markWords("Set R_LIBS_USER before installing. r_libs_user wins.", "r_libs_user install"),
      ),
    ).toEqual(["R_LIBS_USER", "installing", "r_libs_user"]);
  });

  it("marks whole words only, and not the question's stop words", () => {
    expect(marked(markWords("The plot and the subplot of a Plot.", "how do I plot"))).toEqual([
      "plot",
      "Plot",
    ]);
  });

  it("marks a code-like name the query spells as separate words, and accented words typed without accents", () => {
    expect(marked(markWords("Call read.table on the café data.", "read table cafe"))).toEqual([
      "read.table",
      "café",
    ]);
  });

  it("marks the supporting span even when the passage wraps lines differently", () => {
    expect(marked(markSpan("Replace the filter\nevery 200 hours.", "filter every 200"))).toEqual([
      "filter\nevery 200",
    ]);
  });

  it("marks a character range of a page", () => {
    expect(marked(markRange("abcdef", 2, 4))).toEqual(["cd"]);
  });
});
