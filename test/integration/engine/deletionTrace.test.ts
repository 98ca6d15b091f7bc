import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";

/** Words found nowhere else, whose raw bytes show whether the text is still on disk. */
const marker = "Zyxwvkorptq";
const secretText = [
  "# Informant statement",
  "",
  `The informant met ${marker} at the harbour warehouse on Tuesday night.`,
  `${marker} carried a parcel of forged harbour permits for the warehouse.`,
  "",
].join("\n");
const keptText = [
  "# Vehicle check",
  "",
  "The lorry seen at the harbour warehouse was registered to a leasing company in Leeds.",
  "",
].join("\n");

let dir: string;
let dataDir: string;
let docs: string;
let engine: Engine;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-deletion-"));
  dataDir = path.join(dir, "data");
  docs = path.join(dir, "docs");
  mkdirSync(docs);
  writeFileSync(path.join(docs, "statement.md"), secretText);
  writeFileSync(path.join(docs, "vehicle.md"), keptText);
  engine = await Engine.create({ dataDir, resumeEmbedding: false });
});
afterEach(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every file under the data folder whose raw bytes hold the marker, in any case or UTF-16. */
function traces(): string[] {
  const needles = [marker, marker.toLowerCase()].flatMap((m) => [
    Buffer.from(m),
    Buffer.from(m, "utf16le"),
  ]);
  return readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => {
      const bytes = readFileSync(f);
      return needles.some((n) => bytes.includes(n));
    });
}

async function importBoth(collection: string): Promise<string> {
  const report = await engine.importPaths({ collection, requestId: "r", paths: [docs] });
  const statement = report.results.find((r) => r.file === "statement.md");
  expect(statement?.ok).toBe(true);
  return statement?.documentId ?? "";
}

describe("removing a document for real", () => {
  it("leaves none of its text in any file under the data folder, conversations included", async () => {
    const id = await importBoth("case");
    const asked = await engine.ask({
      question: "Who did the informant meet at the harbour warehouse?",
      collection: "case",
      conversationId: null,
      requestId: "q1",
    });
    expect(asked.answer.sources.some((s) => s.documentId === id)).toBe(true);
    expect(traces().some((f) => f.includes("conversations"))).toBe(true);

    expect(await engine.removeDocument({ collection: "case", documentId: id })).toEqual({
      deleted: true,
    });
    expect(traces()).toEqual([]);
    await engine.close();
    engine = await Engine.create({ dataDir, resumeEmbedding: false });
    expect(traces()).toEqual([]);

    const conversation = await engine.getConversation({ id: asked.conversationId });
    expect(conversation.history).toHaveLength(1);
    expect(conversation.history[0]?.question).toBe(
      "Who did the informant meet at the harbour warehouse?",
    );
    const hits = await engine.search({
      query: "harbour warehouse",
      collections: ["case"],
      limit: 5,
    });
    expect(hits.map((h) => h.file)).toEqual(["vehicle.md"]);
  });

  it("keeps the quotes while the document stays in another collection", async () => {
    const id = await importBoth("case");
    await engine.importPaths({ collection: "other", requestId: "r2", paths: [docs] });
    await engine.ask({
      question: "Who did the informant meet at the harbour warehouse?",
      collection: "case",
      conversationId: null,
      requestId: "q1",
    });
    expect(await engine.removeDocument({ collection: "case", documentId: id })).toEqual({
      deleted: false,
    });
    expect(traces().some((f) => f.includes("conversations"))).toBe(true);
  });

  it("through its collection's deletion leaves no quote in other collections' conversations", async () => {
    const id = await importBoth("case");
    await engine.importPaths({ collection: "other", requestId: "r2", paths: [docs] });
    const asked = await engine.ask({
      question: "Who did the informant meet at the harbour warehouse?",
      collection: "other",
      conversationId: null,
      requestId: "q1",
    });
    expect(asked.answer.sources.some((s) => s.documentId === id)).toBe(true);
    await engine.removeDocument({ collection: "other", documentId: id });
    await engine.deleteCollection({ name: "case" });
    expect(traces()).toEqual([]);
    expect((await engine.getConversation({ id: asked.conversationId })).history).toHaveLength(1);
  });
});

describe("re-indexing", () => {
  it("keeps the old version searchable and names the import's error when the new one fails", async () => {
    const id = await importBoth("case");
    writeFileSync(path.join(docs, "statement.md"), "");
    await expect(engine.reindexDocument({ documentId: id })).rejects.toMatchObject({
      code: "EMPTY",
    });
    expect(await engine.listDocuments({ collection: "case" })).toHaveLength(2);
    const hits = await engine.search({ query: marker, collections: ["case"], limit: 5 });
    expect(hits.map((h) => h.documentId)).toContain(id);
  });

  it("replaces a changed file in every collection it was in", async () => {
    const id = await importBoth("case");
    await engine.importPaths({ collection: "other", requestId: "r2", paths: [docs] });
    writeFileSync(path.join(docs, "statement.md"), "# Informant statement\n\nWithdrawn.\n");
    const fresh = await engine.reindexDocument({ documentId: id });
    expect(fresh.id).not.toBe(id);
    expect([...fresh.collections].sort()).toEqual(["case", "other"]);
    expect(traces()).toEqual([]);
  });
});
