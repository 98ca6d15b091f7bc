import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import { makePdf, type PdfPageSpec } from "../../fixtures/documents/makePdf";
import { makeTinyLlama } from "../../fixtures/gguf/writeGguf";
import { json, runCliSync } from "./cliHelpers";

let dir: string;
let dataDir: string;
let engine: Engine;
const ids: Record<string, string> = {};

/**
 * A 20-page handbook: two front-matter pages printed i and ii, so the page printed "14" is the
 * 16th sheet; chapters 1-3 and appendices A and B, with bookmarks.
 */
function handbook(): Promise<Uint8Array> {
  const pages: PdfPageSpec[] = Array.from({ length: 20 }, (_, i) => ({
    lines: [`Sheet ${i + 1} of the handbook discusses calibration detail number ${i + 1}.`],
  }));
  const set = (sheet: number, spec: PdfPageSpec): void => {
    pages[sheet - 1] = spec;
  };
  set(1, { lines: ["Harbour Crane Handbook", "Issued by the Port Authority of Tellmark"] });
  set(3, {
    heading: "1 Introduction",
    lines: ["The crane lifts containers of up to forty tonnes."],
  });
  set(6, { heading: "2 Operation", lines: ["Start the crane with the amber key switch."] });
  set(10, { heading: "3 Maintenance", lines: ["Grease the slewing ring every month."] });
  set(16, { lines: ["The brake lining thickness is measured with a feeler gauge on this page."] });
  set(18, {
    heading: "Appendix A Wiring",
    lines: ["The wiring loom uses shielded copper cable throughout."],
  });
  set(20, {
    heading: "Appendix B Warranty",
    lines: ["The warranty covers the slewing motor for five years."],
  });
  return makePdf({
    title: "Harbour Crane Handbook",
    pages,
    pageLabels: { romanPages: 2 },
    outline: true,
  });
}

/** A second document about the same things, so that unscoped searches can land in it. */
function otherManual(): Promise<Uint8Array> {
  return makePdf({
    title: "Tower Crane Notes",
    pages: Array.from({ length: 8 }, (_, i) => ({
      heading: i === 0 ? "1 Warranty and brake lining" : undefined,
      lines: [
        `Tower crane note ${i + 1}: the warranty covers the brake lining and the slewing motor.`,
      ],
    })),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-scope-"));
  dataDir = path.join(dir, "data");
  mkdirSync(path.join(dir, "docs"));
  writeFileSync(path.join(dir, "docs", "handbook.pdf"), await handbook());
  writeFileSync(path.join(dir, "docs", "tower.pdf"), await otherManual());
  engine = await Engine.create({ dataDir });
  await engine.createCollection({ name: "Cranes" });
  const report = await engine.importPaths({
    collection: "Cranes",
    requestId: "scope",
    paths: [path.join(dir, "docs")],
  });
  for (const r of report.results) ids[r.file] = r.documentId ?? "";
  expect(Object.values(ids).every((id) => id.length === 64)).toBe(true);
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const search = (query: string, documents?: string[], limit = 5) =>
  engine.search({ query, collections: ["Cranes"], limit, documents });

describe("questions scoped to one document", () => {
  it("searches only the named documents", async () => {
    const everywhere = await search("warranty slewing motor brake lining", undefined, 20);
    expect(new Set(everywhere.map((p) => p.file))).toEqual(new Set(["handbook.pdf", "tower.pdf"]));
    const scoped = await search("warranty slewing motor brake lining", [ids["handbook.pdf"]!], 20);
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped.every((p) => p.file === "handbook.pdf")).toBe(true);
  });

  it("reads 'page 14' as the page printed 14 (the 16th sheet) and returns it first", async () => {
    const [first] = await search("What is on page 14?", [ids["handbook.pdf"]!]);
    expect(first?.page).toBe(16);
    expect(first?.pageLabel).toBe("14");
    expect(first?.text).toContain("feeler gauge");
  });

  it("reads a page number no page is printed with as the page counted from the first sheet", async () => {
    const [first] = await search("What does page 5 say?", [ids["tower.pdf"]!]);
    expect(first?.page).toBe(5);
    expect(first?.text).toContain("Tower crane note 5");
  });

  it("returns page 1 for the cover page and the title page, and the last sheet for the last page", async () => {
    for (const q of ["What is on the cover page?", "Who issued it, according to the title page?"]) {
      const [first] = await search(q, [ids["handbook.pdf"]!]);
      expect(first?.page, q).toBe(1);
    }
    const [last] = await search("What is on the last page?", [ids["handbook.pdf"]!]);
    expect(last?.page).toBe(20);
  });

  it("returns a named appendix or chapter first, and a section named by its topic", async () => {
    const [appendix] = await search("What does appendix B say?", [ids["handbook.pdf"]!]);
    expect(appendix?.heading).toBe("Appendix B Warranty");
    const [chapter] = await search("What is chapter 2 about?", [ids["handbook.pdf"]!]);
    expect(chapter?.heading).toBe("2 Operation");
    const [topic] = await search("Summarise the section on maintenance", [ids["handbook.pdf"]!]);
    expect(topic?.heading).toBe("3 Maintenance");
  });

  it("answers a structure question from the outline, citing each appendix's page", async () => {
    const { answer } = await engine.ask({
      question: "How many appendices are there?",
      collection: "Cranes",
      conversationId: null,
      requestId: "outline",
      documents: [ids["handbook.pdf"]!],
    });
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("handbook.pdf has 2 appendices");
    expect(answer.citations.map((c) => [c.page, c.heading])).toEqual([
      [18, "Appendix A Wiring"],
      [20, "Appendix B Warranty"],
    ]);
  });

  it("summarises without a model as the outline with each section's first sentence, cited", async () => {
    const { answer } = await engine.ask({
      question: "Summarise this document",
      collection: "Cranes",
      conversationId: null,
      requestId: "summary",
      documents: [ids["handbook.pdf"]!],
    });
    expect(answer.citations.map((c) => c.page)).toEqual([3, 6, 10, 18, 20]);
    expect(answer.answer).toContain(
      "- **2 Operation** (pp. 6–9 (printed from 4)): Start the crane with the amber key switch. [2]",
    );
  });

  it("says which page it read, and follow-ups keep the conversation's scope", async () => {
    const first = await engine.ask({
      question: "What is on page 14?",
      collection: "Cranes",
      conversationId: null,
      requestId: "page",
      documents: [ids["handbook.pdf"]!],
    });
    expect(first.answer.pageNote).toBe(
      '"Page 14" was read as the page printed 14, which is page 16 of handbook.pdf counting from its first sheet.',
    );
    expect(first.answer.citations[0]?.page).toBe(16);
    const followUp = await engine.ask({
      question: "What does the warranty cover on the slewing motor?",
      collection: "Cranes",
      conversationId: first.conversationId,
      requestId: "follow",
    });
    expect(followUp.answer.sources.length).toBeGreaterThan(0);
    expect(followUp.answer.sources.every((s) => s.file === "handbook.pdf")).toBe(true);
    const listed = await engine.listConversations({ collection: "Cranes" });
    expect(listed.find((c) => c.id === first.conversationId)?.documents).toEqual([
      ids["handbook.pdf"],
    ]);
  });

  it("lists every passage that mentions what a listing question asks about, not only the top few", async () => {
    const { answer } = await engine.ask({
      question: "List all the calibration details",
      collection: "Cranes",
      conversationId: null,
      requestId: "list",
      documents: [ids["handbook.pdf"]!],
    });
    expect(answer.answer).toMatch(/mention "calibration" in handbook\.pdf/);
    const cited = new Set(
      answer.citations.flatMap((c) => (c.page === c.pageEnd ? [c.page] : [c.page, c.pageEnd])),
    );
    const sheets = [2, 4, 5, 7, 8, 9, 11, 12, 13, 14, 15, 17, 19];
    expect(sheets.filter((s) => !cited.has(s))).toEqual([]);
    expect(answer.citations.every((c) => c.text.includes("calibration"))).toBe(true);
  });
});

describe("with a chat model", () => {
  it("gives the model the named page first and the outline's sections for a structure question", async () => {
    const chat = await makeTinyLlama(path.join(dir, "chat.gguf"), {
      role: "chat",
      contextLength: 4096,
      seed: 4,
    });
    const chatModelId = (await engine.addModel({ path: chat, copy: false })).models.find(
      (m) => m.path === chat,
    )?.id;
    const page = await engine.ask(
      {
        question: "What is on page 14?",
        collection: "Cranes",
        conversationId: null,
        requestId: "model-page",
        documents: [ids["handbook.pdf"]!],
      },
      { chatModelId },
    );
    expect(page.answer.mode).toBe("generative");
    expect(page.answer.sources[0]?.page).toBe(16);
    expect(page.answer.pageNote).toContain("page 16 of handbook.pdf");
    const outline = await engine.ask(
      {
        question: "What appendices does it have?",
        collection: "Cranes",
        conversationId: null,
        requestId: "model-outline",
        documents: [ids["handbook.pdf"]!],
      },
      { chatModelId },
    );
    expect(outline.answer.sources.map((s) => s.heading)).toEqual([
      "Appendix A Wiring",
      "Appendix B Warranty",
    ]);
    const streamed: string[] = [];
    const off = engine.on("answerToken", (t) => {
      if (t.requestId === "model-summary") streamed.push(t.text);
    });
    const summary = await engine.ask(
      {
        question: "Summarise this document",
        collection: "Cranes",
        conversationId: null,
        requestId: "model-summary",
        documents: [ids["handbook.pdf"]!],
      },
      { chatModelId },
    );
    off();
    // One summary per section, streamed as written, each citing the section's first page.
    expect(summary.answer.citations.map((c) => c.page)).toEqual([3, 6, 10, 18, 20]);
    expect(summary.answer.answer).toMatch(
      /^handbook\.pdf, section by section:\n\n- \*\*1 Introduction\*\* \(pp\. 3–5\): /,
    );
    expect(summary.answer.answer).toMatch(/\[5\]$/);
    expect(streamed.join("")).toContain("- **Appendix B Warranty** (p. 20): ");
  });
});

describe("enclave search --document", () => {
  it("returns page 14 of that document first, by file name", async () => {
    await engine.close();
    const run = runCliSync([
      "--data-dir",
      dataDir,
      "search",
      "What is on page 14?",
      "--collection",
      "Cranes",
      "--document",
      "handbook.pdf",
      "--json",
    ]);
    const { results } = json<{ results: { file: string; page: number; pageLabel: string }[] }>(run);
    expect(results[0]).toMatchObject({ file: "handbook.pdf", page: 16, pageLabel: "14" });
    const unknown = runCliSync([
      "--data-dir",
      dataDir,
      "search",
      "the cover page",
      "--collection",
      "Cranes",
      "--document",
      "hand",
    ]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('No document in collection "Cranes" is named hand');
    expect(unknown.stderr).toContain("handbook.pdf");
    engine = await Engine.create({ dataDir });
  });
});
