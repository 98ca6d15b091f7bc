import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import { loadLance } from "../../../electron/engine/store/lanceModule";
import { TABLES } from "../../../electron/engine/store/schema";
import { makePdf } from "../../fixtures/documents/makePdf";
import { FakeEmbedder } from "../../fixtures/FakeEmbedder";

let dir: string;
let dataDir: string;
let pdf: string;

/** Model ids of the stored vectors, how many rows, and how many distinct passages they cover. */
async function storedVectors(
  root = dataDir,
): Promise<{ models: string[]; count: number; passages: number }> {
  const lance = await loadLance();
  const db = await lance.connect(path.join(root, "library"));
  const table = await db.openTable(TABLES.vectors);
  const rows = (await table.query().select(["model_id", "chunk_id"]).toArray()) as {
    model_id: string;
    chunk_id: string;
  }[];
  table.close();
  db.close();
  return {
    models: [...new Set(rows.map((r) => r.model_id))],
    count: rows.length,
    passages: new Set(rows.map((r) => r.chunk_id)).size,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-close-embed-"));
  dataDir = path.join(dir, "data");
  mkdirSync(path.join(dir, "docs"));
  pdf = path.join(dir, "docs", "valves.pdf");
  const pages = Array.from({ length: 40 }, (_, p) => ({
    heading: `${p + 1} Valve ${p + 1}`,
    lines: Array.from(
      { length: 30 },
      (_, l) =>
        `Valve ${p + 1} line ${l + 1}: torque ${p * 31 + l} newton metres, inspect seals and gaskets.`,
    ),
  }));
  writeFileSync(pdf, await makePdf({ title: "Valve Manual", pages }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a long re-embed cut short by close()", () => {
  it("close() returns at once, only whole batches are kept, and the next open embeds the rest", async () => {
    // Imported without an embedding model: every passage is full-text only.
    const plain = await Engine.create({ dataDir, overrides: { embedder: null } });
    const report = await plain.importPaths({
      collection: "default",
      requestId: "import",
      paths: [pdf],
    });
    await plain.close();
    const chunks = report.results[0]?.chunks ?? 0;
    expect(chunks).toBeGreaterThan(64);

    // An embedding model appears (one slow batch after another): the engine embeds at open.
    const slow = new FakeEmbedder({ modelId: "fake-embed", delayMs: 4000 });
    const engine = await Engine.create({ dataDir, overrides: { embedder: slow } });
    const progress: { task: string; done: number }[] = [];
    engine.on("backgroundProgress", (p) => progress.push(p));
    await expect.poll(() => progress.length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
    const started = performance.now();
    await engine.close();
    expect(performance.now() - started).toBeLessThan(1500);
    expect(slow.signals.at(-1)?.aborted).toBe(true);

    // What was stored is whole batches of one model, exactly what progress reported done.
    const partial = await storedVectors();
    const reported = progress.at(-1)?.done ?? 0;
    expect(progress.every((p) => p.task === "embedding")).toBe(true);
    expect(partial).toEqual({ models: ["fake-embed"], count: reported, passages: reported });
    expect(reported).toBeLessThan(chunks);

    // The next open embeds only the passages still without a vector, and search is hybrid again.
    const fast = new FakeEmbedder({ modelId: "fake-embed" });
    const reopened = await Engine.create({ dataDir, overrides: { embedder: fast } });
    try {
      await expect
        .poll(async () => (await storedVectors().catch(() => ({ count: 0 }))).count, {
          timeout: 60_000,
          interval: 100,
        })
        .toBe(chunks);
      expect(await storedVectors()).toEqual({
        models: ["fake-embed"],
        count: chunks,
        passages: chunks,
      });
      expect(fast.calls.flat()).toHaveLength(chunks - reported);
      expect(
        (await reopened.listDocuments({ collection: "default" })).map((d) => d.status),
      ).toEqual(["ready"]);
      const hits = await reopened.search({
        query: "valve 12 torque",
        collections: ["default"],
        limit: 3,
      });
      expect(hits[0]?.file).toBe("valves.pdf");
      expect(fast.calls.at(-1)).toEqual(["valve 12 torque"]);
    } finally {
      await reopened.close();
    }
  }, 180_000);

  it("is finished by the next import, even of unchanged files (the CLI never resumes at open)", async () => {
    const root = path.join(dir, "cli-data");
    const plain = await Engine.create({ dataDir: root, overrides: { embedder: null } });
    const chunks =
      (await plain.importPaths({ collection: "default", requestId: "import", paths: [pdf] }))
        .results[0]?.chunks ?? 0;
    await plain.close();

    const embedder = new FakeEmbedder({ modelId: "fake-embed" });
    const engine = await Engine.create({
      dataDir: root,
      overrides: { embedder },
      resumeEmbedding: false,
    });
    try {
      const again = await engine.importPaths({
        collection: "default",
        requestId: "again",
        paths: [pdf],
      });
      expect(again.results[0]).toMatchObject({ ok: true, skipped: true });
      expect(await storedVectors(root)).toEqual({
        models: ["fake-embed"],
        count: chunks,
        passages: chunks,
      });
    } finally {
      await engine.close();
    }
  });
});
