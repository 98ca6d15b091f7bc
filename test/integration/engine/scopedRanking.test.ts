import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import { makePdf, type PdfPageSpec } from "../../fixtures/documents/makePdf";

let dir: string;
let engine: Engine;
const ids: Record<string, string> = {};

/**
 * A 24-page court filing whose parties and court are named on every page (rare words in the
 * library, common within the filing), with one page on the damages claimed and one section
 * headed "Costs".
 */
function filing(): Promise<Uint8Array> {
  const pages: PdfPageSpec[] = Array.from({ length: 24 }, (_, i) => ({
    lines: [
      `Plaintiff Meridian Freight against defendant Osterholt Logistics, paragraph ${i + 1}.`,
      "The plaintiff Meridian Freight states that the defendant Osterholt Logistics breached",
      "the haulage contract; the court is asked to hear the plaintiff Meridian Freight.",
    ],
  }));
  pages[16] = {
    lines: [
      "Damages of 40,000 euros are owed to the plaintiff for the late delivery of the cargo.",
      "Interest runs from the date of the complaint.",
    ],
  };
  pages[21] = {
    heading: "Costs",
    lines: ["Each party bears its own fees for the first hearing."],
  };
  return makePdf({ title: "Meridian Freight v Osterholt Logistics", pages });
}

/** Other documents of the library: damages on every page, the filing's parties never. */
function otherDocument(topic: string): Promise<Uint8Array> {
  return makePdf({
    pages: Array.from({ length: 30 }, (_, i) => ({
      lines: [`${topic} note ${i + 1}: damages to the hull are repaired in dry dock.`],
    })),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-scoped-ranking-"));
  mkdirSync(path.join(dir, "docs"));
  writeFileSync(path.join(dir, "docs", "filing.pdf"), await filing());
  writeFileSync(path.join(dir, "docs", "ships.pdf"), await otherDocument("Shipyard"));
  writeFileSync(path.join(dir, "docs", "boats.pdf"), await otherDocument("Boatyard"));
  engine = await Engine.create({ dataDir: path.join(dir, "data") });
  await engine.createCollection({ name: "Cases" });
  const report = await engine.importPaths({
    collection: "Cases",
    requestId: "cases",
    paths: [path.join(dir, "docs")],
  });
  for (const r of report.results) ids[r.file] = r.documentId ?? "";
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const searchFiling = (query: string) =>
  engine.search({ query, collections: ["Cases"], limit: 5, documents: [ids["filing.pdf"]!] });

describe("ranking within a scoped document", () => {
  it("finds the page on what the question asks, not the pages repeating the parties' names", async () => {
    const [first] = await searchFiling("What damages for plaintiff Meridian Freight?");
    expect(first?.page).toBe(17);
    expect(first?.text).toContain("40,000 euros");
  });

  it("finds the section whose heading names the question's subject", async () => {
    const [first] = await searchFiling("What does the filing say about costs?");
    expect(first?.page).toBe(22);
  });

  it("answers the same question the same way when asked again", async () => {
    const q = "When does interest run for the plaintiff?";
    const once = await searchFiling(q);
    const again = await searchFiling(q);
    expect(again.map((p) => p.chunkId)).toEqual(once.map((p) => p.chunkId));
    expect(once[0]?.page).toBe(17);
  });

  it("stops searching a document once it is removed from the collection", async () => {
    expect((await searchFiling("damages")).length).toBeGreaterThan(0);
    await engine.removeDocument({ collection: "Cases", documentId: ids["filing.pdf"]! });
    expect(await searchFiling("damages")).toEqual([]);
  });
});
