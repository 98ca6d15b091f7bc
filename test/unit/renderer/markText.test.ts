import { describe, expect, it } from "vitest";
import { markRange, markSpan, markWords } from "../../../renderer/src/lib/markText";

const marked = (segments: { text: string; marked: boolean }[]) => segments.filter((s) => s.marked).map((s) => s.text);

describe("marking text", () => {
  it("marks every query word in a search hit, whatever its case", () => {
    expect(marked(markWords("Set R_LIBS_USER before installing. r_libs_user wins.", "r_libs_user install"))).toEqual([
      "R_LIBS_USER",
      "install",
      "r_libs_user",
    ]);
  });

  it("marks the supporting span even when the passage wraps lines differently", () => {
    expect(marked(markSpan("Replace the filter\nevery 200 hours.", "filter every 200"))).toEqual(["filter\nevery 200"]);
  });

  it("marks a character range of a page", () => {
    expect(marked(markRange("abcdef", 2, 4))).toEqual(["cd"]);
  });
});
