import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import { loadLance } from "../../../electron/engine/store/lanceModule";
import { TABLES } from "../../../electron/engine/store/schema";
import { makePumpManual } from "../../fixtures/documents/pumpManual";
import { makeTinyLlama } from "../../fixtures/gguf/writeGguf";

let dir: string;
let engine: Engine;

/** Model ids of the stored vectors, and how many there are. */
async function storedVectors(dataDir: string): Promise<{ models: string[]; count: number }> {
  const lance = await loadLance();
  const db = await lance.connect(path.join(dataDir, "library"));
  const table = await db.openTable(TABLES.vectors);
  const rows = (await table.query().select(["model_id"]).toArray()) as { model_id: string }[];
  table.close();
  db.close();
  return { models: [...new Set(rows.map((r) => r.model_id))], count: rows.length };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-embed-switch-"));
  mkdirSync(path.join(dir, "docs"));
  writeFileSync(path.join(dir, "docs", "pump.pdf"), await makePumpManual());
  await makeTinyLlama(path.join(dir, "embed-a.gguf"), {
    role: "embedding",
    seed: 1,
    name: "embed-a",
  });
  await makeTinyLlama(path.join(dir, "embed-b.gguf"), {
    role: "embedding",
    seed: 2,
    name: "embed-b",
  });
  engine = await Engine.create({ dataDir: path.join(dir, "data") });
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("switching the embedding model", () => {
  it("re-embeds in the background with the new model while full-text search keeps answering", async () => {
    const a = (
      await engine.addModel({ path: path.join(dir, "embed-a.gguf"), copy: false })
    ).models.find((m) => m.file === "embed-a.gguf");
    await engine.selectModel({ role: "embedding", modelId: a?.id ?? null });
    const report = await engine.importPaths({
      collection: "default",
      requestId: "r",
      paths: [path.join(dir, "docs")],
    });
    const chunks = report.results[0]?.chunks ?? 0;
    expect(chunks).toBeGreaterThan(0);
    expect(await storedVectors(path.join(dir, "data"))).toEqual({ models: [a?.id], count: chunks });

    const b = (
      await engine.addModel({ path: path.join(dir, "embed-b.gguf"), copy: false })
    ).models.find((m) => m.file === "embed-b.gguf");
    const progress: { done: number; total: number }[] = [];
    const off = engine.on("backgroundProgress", (p) => progress.push(p));
    await engine.selectModel({ role: "embedding", modelId: b?.id ?? null });
    // Search answers while the background job runs.
    expect(
      (
        await engine.search({ query: "hydraulic oil filter", collections: ["default"], limit: 3 })
      )[0]?.page,
    ).toBe(2);
    // Polled from a second connection, which may catch the table mid-swap: a failed read is "not yet".
    const models = async (): Promise<string[]> =>
      (await storedVectors(path.join(dir, "data")).catch(() => ({ models: [], count: 0 }))).models;
    await expect.poll(models, { timeout: 60_000 }).toEqual([b?.id]);
    await new Promise((r) => setTimeout(r, 500));
    off();
    expect((await storedVectors(path.join(dir, "data"))).count).toBe(chunks);
    expect(progress.at(-1)?.done).toBe(chunks);
  });
});
