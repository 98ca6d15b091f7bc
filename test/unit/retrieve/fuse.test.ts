import { describe, expect, it } from "vitest";
import type { Passage } from "../../../shared/types";
import { fuse } from "../../../electron/engine/retrieve/fuse";

const p = (id: string): Passage => ({
  chunkId: id,
  documentId: "d",
  file: "f.pdf",
  path: "/f.pdf",
  title: "T",
  page: 1,
  pageEnd: 1,
  pageLabel: null,
  heading: "",
  text: id,
  score: 0,
  charStart: 0,
  charEnd: 1,
});

describe("reciprocal-rank fusion", () => {
  it("ranks a passage found by both retrievers above ones found by one", () => {
    const fused = fuse([
      [p("a"), p("b")],
      [p("c"), p("b")],
    ]);
    expect(fused.map((x) => x.chunkId)).toEqual(["b", "a", "c"]);
    expect(fused[0]?.score).toBeCloseTo(2 / 62, 10);
  });

  it("with one list keeps its order", () => {
    expect(fuse([[p("x"), p("y"), p("z")]]).map((x) => x.chunkId)).toEqual(["x", "y", "z"]);
  });
});
