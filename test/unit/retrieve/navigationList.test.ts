import { describe, expect, it } from "vitest";
import type { Passage } from "../../../shared/types";
import { isNavigationList, navigationLast } from "../../../electron/engine/retrieve/navigationList";

const p = (id: string, text: string): Passage => ({
  chunkId: id,
  documentId: "d",
  file: "d.pdf",
  path: "/d.pdf",
  title: "d",
  page: 1,
  pageEnd: 1,
  pageLabel: null,
  heading: "",
  text,
  score: 1,
  charStart: 0,
  charEnd: text.length,
});

const contents = [
  "Contents",
  "1 Introduction . . . . . . . . . . . . . . . 1",
  "2 Header files . . . . . . . . . . . . . . . 7",
  "2.1 Including the header . . . . . . . . . 8",
  "Appendix A Licence . . . . . . . . . . . . xii",
].join("\n");
const index = [
  "Concept Index",
  "header file . . . . . . . . . . . . . 4, 17",
  "include path. . . . . . . . . . . . . 9",
  "installation . . . . . . . . . . . . . 2",
].join("\n");

describe("tables of contents and indexes", () => {
  it("recognises a table of contents and a back-of-book index by their leader dots and page numbers", () => {
    expect(isNavigationList(contents)).toBe(true);
    expect(isNavigationList(index)).toBe(true);
  });

  it("does not take a price list, prose with an ellipsis or a line or two of dots for one", () => {
    const prices = ["Coffee . . . . . . 2.50", "Tea . . . . . . . . 2.20", "Cake . . . . . . . $4"];
    expect(isNavigationList(prices.join("\n"))).toBe(false);
    expect(isNavigationList("Wait for it.... then press the key. Repeat.... 3 times")).toBe(false);
    const prose = [
      "The header file declares every function.",
      "Include it before any other header.",
      "See the index . . . . . . . 33",
      "Step one . . . . . . . 2",
      "Step two . . . . . . . 3",
      "Each step is explained below in more detail.",
      "The library is thread safe.",
    ];
    expect(isNavigationList(prose.join("\n"))).toBe(false);
  });

  it("ranks the passages that hold text before the lists that point to them, keeping each part's order", () => {
    const ranked = navigationLast([
      p("toc", contents),
      p("a", "The header file is libfoo.h."),
      p("idx", index),
      p("b", "Include it first."),
    ]);
    expect(ranked.map((x) => x.chunkId)).toEqual(["a", "b", "toc", "idx"]);
  });
});
