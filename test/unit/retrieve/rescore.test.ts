import { describe, expect, it } from "vitest";
import type { Passage } from "../../../shared/types";
import { prepareQuery } from "../../../electron/engine/retrieve/prepareQuery";
import { dedupe, rescore } from "../../../electron/engine/retrieve/rescore";

const p = (id: string, text: string, score: number, heading = ""): Passage => ({
  chunkId: id,
  documentId: "d",
  file: "f.pdf",
  path: "/f.pdf",
  title: "Manual",
  page: 1,
  pageEnd: 1,
  pageLabel: null,
  heading,
  text,
  score,
  charStart: 0,
  charEnd: text.length,
});

describe("re-scoring", () => {
  it("prefers a passage containing all the question's words over one repeating a rare word", () => {
    const q = prepareQuery("How do I divert console output to a file?");
    const ranked = rescore(q, [
      p("rare", "divert divert divert divert divert", 10),
      p("all", "sink() will divert all console output to a file", 7),
    ]);
    expect(ranked[0]?.chunkId).toBe("all");
  });

  it("weighs the question's words as told, so a word that says nothing in the scope adds no coverage", () => {
    const q = prepareQuery("turbine gearbox oil");
    const passages = [
      p("topic", "the turbine housing keeps oil out", 1),
      p("answer", "the gearbox is sealed", 1),
    ];
    expect(rescore(q, passages)[0]?.chunkId).toBe("topic");
    const weights = new Map([
      ["turbine", 0],
      ["gearbox", 2],
      ["oil", 1],
    ]);
    expect(rescore(q, passages, {}, weights)[0]?.chunkId).toBe("answer");
  });

  it("rewards the question's words appearing next to each other", () => {
    const q = prepareQuery("missing values");
    const ranked = rescore(q, [
      p("apart", "values that are not missing", 1),
      p("together", "missing values are NA", 1),
    ]);
    expect(ranked[0]?.chunkId).toBe("together");
  });

  it("counts another form of a question's word as containing it", () => {
    const q = prepareQuery("plots of residuals");
    const ranked = rescore(q, [
      p("other", "residuals of a model fit", 1),
      p("forms", "plotting the residuals", 1),
    ]);
    expect(ranked[0]?.chunkId).toBe("forms");
  });

  it("rewards a code-like term of the question written whole", () => {
    const q = prepareQuery("How does read.table handle quotes?");
    const ranked = rescore(q, [
      p("parts", "read table handles quotes", 1),
      p("whole", "read.table handles quotes", 1),
    ]);
    expect(ranked[0]?.chunkId).toBe("whole");
  });

  it("drops a passage whose text repeats a higher-ranked one", () => {
    expect(
      dedupe([p("a", "Same  text.", 2), p("b", "same text", 1), p("c", "other", 0)]).map(
        (x) => x.chunkId,
      ),
    ).toEqual(["a", "c"]);
  });
});
