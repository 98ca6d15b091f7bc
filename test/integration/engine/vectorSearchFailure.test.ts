import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventPayloads } from "../../../shared/contract";
import { Engine } from "../../../electron/engine/Engine";
import { makePumpManual } from "../../fixtures/documents/pumpManual";
import { FakeEmbedder } from "../../fixtures/FakeEmbedder";

let dir: string;
let dataDir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-vector-failure-"));
  dataDir = path.join(dir, "data");
  mkdirSync(path.join(dir, "docs"));
  writeFileSync(path.join(dir, "docs", "pump.pdf"), await makePumpManual());
  const importer = await Engine.create({
    dataDir,
    overrides: { embedder: new FakeEmbedder({ modelId: "embed-a" }) },
  });
  await importer.importPaths({
    collection: "default",
    requestId: "import",
    paths: [path.join(dir, "docs")],
  });
  await importer.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a vector search that fails", () => {
  it("still returns the full-text results, and says so on stderr and as an event, with the embedding model's id", async () => {
    const broken = new FakeEmbedder({
      modelId: "embed-a",
      failWith: new Error("the embedding model could not be loaded"),
    });
    const logged: string[] = [];
    const engine = await Engine.create({
      dataDir,
      overrides: { embedder: broken },
      resumeEmbedding: false,
      log: (line) => logged.push(line),
    });
    const events: EventPayloads["vectorSearchFailed"][] = [];
    engine.on("vectorSearchFailed", (e) => events.push(e));
    try {
      const hits = await engine.search({
        query: "hydraulic oil filter",
        collections: ["default"],
        limit: 3,
      });
      expect(hits[0]).toMatchObject({ file: "pump.pdf", page: 2 });
      expect(events).toEqual([
        { modelId: "embed-a", message: "the embedding model could not be loaded" },
      ]);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain("embed-a");
      expect(logged[0]).toContain("the embedding model could not be loaded");
    } finally {
      await engine.close();
    }
  });

  it("is not reported when vector search works", async () => {
    const logged: string[] = [];
    const engine = await Engine.create({
      dataDir,
      overrides: { embedder: new FakeEmbedder({ modelId: "embed-a" }) },
      log: (line) => logged.push(line),
    });
    const events: unknown[] = [];
    engine.on("vectorSearchFailed", (e) => events.push(e));
    try {
      expect(
        (
          await engine.search({ query: "hydraulic oil filter", collections: ["default"], limit: 3 })
        )[0]?.page,
      ).toBe(2);
      expect(events).toEqual([]);
      expect(logged).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});
