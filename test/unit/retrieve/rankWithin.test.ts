import { describe, expect, it } from "vitest";
import type { Passage } from "../../../shared/types";
import { PassageIndex } from "../../../electron/engine/retrieve/PassageIndex";
import { prepareQuery } from "../../../electron/engine/retrieve/prepareQuery";
import { rankWithin } from "../../../electron/engine/retrieve/rankWithin";

let next = 0;
const p = (documentId: string, text: string, heading = "", page = 1): Passage => {
  const id = `c${next++}`;
  return {
    chunkId: id,
    documentId,
    file: `${documentId}.pdf`,
    path: `/docs/${documentId}.pdf`,
    title: documentId,
    page,
    pageEnd: page,
    pageLabel: null,
    heading,
    text,
    score: 0,
    charStart: 0,
    charEnd: text.length,
  };
};

const rank = (passages: Passage[][], question: string, limit = 10): Passage[] =>
  rankWithin(
    passages.map((list) => PassageIndex.build(list)),
    prepareQuery(question).terms,
    limit,
  );

describe("ranking every passage of a scoped document", () => {
  it("weighs a word found on every page of the document as nothing, and the question's distinctive word decides", () => {
    // "turbine" names the whole manual: repeated on one page, it must not beat the page that
    // holds the word only this question asks about.
    const manual = Array.from({ length: 40 }, (_, i) =>
      p("turbine", `Turbine section ${i}: the turbine housing and turbine blades are inspected.`),
    );
    manual.push(p("turbine", "Turbine turbine turbine turbine turbine turbine overview."));
    const answer = p(
      "turbine",
      "The gearbox oil is changed every 4000 hours of turbine operation.",
    );
    manual.push(answer);
    const found = rank([manual], "How often is the turbine gearbox oil changed?");
    expect(found[0]?.chunkId).toBe(answer.chunkId);
  });

  it("finds the passage whose heading names what the question asks about", () => {
    const doc = [
      p("guide", "Run the installer and accept the licence.", "2 Setup › 2.1 Installation"),
      p("guide", "Run make uninstall from the build folder.", "2 Setup › 2.5 Removal"),
      p("guide", "The installer writes a log of the installation.", "2 Setup › 2.2 Logs"),
    ];
    const found = rank([doc], "What does the removal section say?");
    expect(found[0]?.heading).toContain("Removal");
  });

  it("puts a section's content above a passage that is nothing but the section's heading line", () => {
    const heading = "4 Relational databases";
    const words = "the server keeps each table with its keys and indexes for many users".repeat(3);
    const doc = [
      p("g", "4 Relational databases", heading),
      p("g", `Relational databases store data in tables: ${words}.`, heading),
      p("g", `Spreadsheets are read with other packages: ${words}.`, "3 Spreadsheets"),
    ];
    const found = rank([doc], "What about relational databases?");
    expect(found[0]?.text).toContain("store data in tables");
    expect(found.map((x) => x.text)).toContain("4 Relational databases");
  });

  it("scores every passage, so a match deep in a long document is found and the limit is kept", () => {
    const doc = Array.from({ length: 3000 }, (_, i) => p("long", `Routine entry ${i} of the log.`));
    const rare = p("long", "The anchor winch was replaced in harbour.", "", 2999);
    doc.splice(2500, 0, rare);
    expect(rank([doc], "anchor winch")[0]?.chunkId).toBe(rare.chunkId);
    expect(rank([doc], "routine entry log", 7)).toHaveLength(7);
  });

  it("does not let a long passage that mentions the question's words in passing beat a short one about them", () => {
    const filler = Array.from({ length: 300 }, (_, i) => `filler${i}`).join(" ");
    const long = p("m", `Warranty claims ${filler} and the seal.`);
    const short = p("m", "Warranty claims for the seal are filed within 30 days.");
    const found = rank(
      [[long, short, p("m", "Unrelated text about paint.")]],
      "warranty claims seal",
    );
    expect(found[0]?.chunkId).toBe(short.chunkId);
  });

  it("counts word statistics over all the scoped documents together, and returns nothing for words they lack", () => {
    const a = [p("a", "Pump pressure is 3 bar."), p("a", "Pump pressure alarm.")];
    const b = [p("b", "Valve timing is set by the cam."), p("b", "Pump maintenance.")];
    const found = rank([a, b], "valve timing");
    expect(found[0]?.documentId).toBe("b");
    expect(found.every((x) => x.score > 0)).toBe(true);
    expect(rank([a, b], "zeppelin")).toEqual([]);
  });
});
