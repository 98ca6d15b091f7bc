/**
 * Library packs end to end: IT builds a pack with `enclave pack build` on one data folder, drops
 * it into the folder named by policy ManagedLibrariesDirectory, and another data folder (a
 * laptop) searches it read-only, beside its own collections, after verifying every file.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import { resolvePolicy } from "../../../shared/policy";
import type { CollectionInfo } from "../../../shared/types";
import { FakeEmbedder } from "../../fixtures/FakeEmbedder";
import { makePdf } from "../../fixtures/documents/makePdf";
import { makePumpManual } from "../../fixtures/documents/pumpManual";
import { cli, lastJson } from "./packHelpers";

let dir: string;
let server: string;
let laptop: string;
let managed: string;
const embedder = new FakeEmbedder({ modelId: "embed-a" });

interface Hit {
  file: string;
  documentId: string;
  page: number;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-packs-"));
  server = path.join(dir, "server");
  laptop = path.join(dir, "laptop");
  managed = path.join(dir, "managed");
  mkdirSync(path.join(dir, "docs"));
  mkdirSync(managed);
  writeFileSync(path.join(dir, "docs", "pump.pdf"), await makePumpManual());
  writeFileSync(
    path.join(dir, "docs", "valve.pdf"),
    await makePdf({
      title: "Valve Guide",
      pages: [{ heading: "Flanges", lines: ["Tighten the flange bolts to forty newton metres."] }],
    }),
  );
  writeFileSync(
    path.join(dir, "docs", "secret.pdf"),
    await makePdf({ pages: [{ lines: ["The merger codename is bluefinch."] }] }),
  );
  writeFileSync(
    path.join(dir, "docs", "notes.pdf"),
    await makePdf({
      pages: [{ lines: ["My own note: the hydraulic oil is stored in bay four."] }],
    }),
  );
  const onServer = { dataDir: server, embedder };
  const docs = (f: string): string => path.join(dir, "docs", f);
  expect(
    (await cli(onServer, "import", docs("pump.pdf"), docs("valve.pdf"), "--collection", "Manuals"))
      .code,
  ).toBe(0);
  expect((await cli(onServer, "import", docs("secret.pdf"), "--collection", "Private")).code).toBe(
    0,
  );
  expect(
    (await cli({ dataDir: laptop, embedder }, "import", docs("notes.pdf"), "--collection", "Notes"))
      .code,
  ).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const onLaptop = (policy: Record<string, unknown> = { ManagedLibrariesDirectory: managed }) => ({
  dataDir: laptop,
  policy,
  embedder,
});

describe("a library pack in the managed libraries folder", () => {
  it("is built by `enclave pack build` with only the chosen collection, and `enclave search` finds its passages", async () => {
    const built = lastJson<{ name: string; version: number; documents: number; vectors: number }>(
      await cli(
        { dataDir: server, embedder },
        "pack",
        "build",
        "--collection",
        "Manuals",
        "--out",
        path.join(managed, "manuals-1"),
        "--version",
        "1",
        "--json",
      ),
    );
    expect(built).toMatchObject({ name: "Manuals", version: 1, documents: 2 });
    expect(built.vectors).toBeGreaterThan(0);
    const manifest = JSON.parse(
      readFileSync(path.join(managed, "manuals-1", "manifest.json"), "utf8"),
    ) as {
      files: { path: string }[];
      embeddingModel: { id: string };
    };
    expect(manifest.embeddingModel.id).toBe("embed-a");
    expect(manifest.files.some((f) => f.path.startsWith("documents/"))).toBe(true);
    // The other collection's text is in no file of the pack.
    for (const f of manifest.files)
      expect(readFileSync(path.join(managed, "manuals-1", f.path)).includes("bluefinch")).toBe(
        false,
      );

    const search = lastJson<{ results: Hit[] }>(
      await cli(onLaptop(), "search", "hydraulic oil filter", "--collection", "Manuals", "--json"),
    );
    expect(search.results[0]?.file).toBe("pump.pdf");
    expect(search.results[0]?.page).toBe(2);

    const listed = lastJson<{ collections: CollectionInfo[] }>(
      await cli(onLaptop(), "collections", "--json"),
    );
    const manuals = listed.collections.find((c) => c.name === "Manuals");
    expect(manuals?.managed).toMatchObject({ pack: "Manuals", version: 1, vectorSearch: true });
    expect(manuals?.documentCount).toBe(2);
    expect(listed.collections.find((c) => c.name === "Notes")?.managed).toBeUndefined();
    expect(listed.collections.some((c) => c.name === "Private")).toBe(false);
  });

  it("refuses `enclave remove` on its documents with MANAGED_COLLECTION, and keeps them", async () => {
    const removed = await cli(onLaptop(), "remove", "pump.pdf");
    expect(removed.code).toBe(1);
    expect(removed.stderr).toMatch(/"Manuals" is managed by your organisation/);
    const engine = await Engine.create({
      dataDir: laptop,
      policy: resolvePolicy({ ManagedLibrariesDirectory: managed }, "policy-file"),
      overrides: { embedder },
    });
    try {
      const [doc] = await engine.listDocuments({ collection: "Manuals" });
      await expect(
        engine.removeDocument({ collection: "Manuals", documentId: doc?.id ?? "" }),
      ).rejects.toMatchObject({ code: "MANAGED_COLLECTION" });
      await expect(engine.deleteCollection({ name: "Manuals" })).rejects.toMatchObject({
        code: "MANAGED_COLLECTION",
      });
      await expect(
        engine.importPaths({
          collection: "Manuals",
          requestId: "r",
          paths: [path.join(dir, "docs", "secret.pdf")],
        }),
      ).resolves.toMatchObject({ results: [{ ok: false }] });
      expect(await engine.listDocuments({ collection: "Manuals" })).toHaveLength(2);
    } finally {
      await engine.close();
    }
  });

  it("answers questions over managed and personal collections together, cited to the page, with the original shipped in the pack", async () => {
    const engine = await Engine.create({
      dataDir: laptop,
      policy: resolvePolicy({ ManagedLibrariesDirectory: managed }, "policy-file"),
      overrides: { embedder },
    });
    try {
      const hits = await engine.search({
        query: "hydraulic oil",
        collections: ["Manuals", "Notes"],
        limit: 10,
      });
      // Both stores answer, merged by score (the fake embedder also brings the valve guide).
      expect(hits.map((h) => h.file)).toEqual(expect.arrayContaining(["pump.pdf", "notes.pdf"]));
      const pump = hits.find((h) => h.file === "pump.pdf");
      expect(pump?.path.startsWith(path.join(managed, "manuals-1"))).toBe(true);
      expect(
        (await engine.getPageText({ documentId: pump?.documentId ?? "", page: 2 })).text,
      ).toContain("hydraulic oil filter");
      const bytes = await engine.getDocumentBytes({ documentId: pump?.documentId ?? "" });
      expect(Buffer.from(bytes).equals(readFileSync(path.join(dir, "docs", "pump.pdf")))).toBe(
        true,
      );
      const answer = await engine.ask({
        question: "How often is the hydraulic oil filter replaced?",
        collection: "Manuals",
        conversationId: null,
        requestId: "q",
      });
      expect(answer.answer.found).toBe(true);
      expect(answer.answer.citations[0]).toMatchObject({ file: "pump.pdf", page: 2 });
    } finally {
      await engine.close();
    }
  });

  it("searches by full text only, and says so, when the user's embedding model is another one", async () => {
    const other = {
      dataDir: laptop,
      policy: { ManagedLibrariesDirectory: managed },
      embedder: new FakeEmbedder({ modelId: "embed-b" }),
    };
    const listed = lastJson<{ collections: CollectionInfo[] }>(
      await cli(other, "collections", "--json"),
    );
    const manuals = listed.collections.find((c) => c.name === "Manuals");
    expect(manuals?.managed?.vectorSearch).toBe(false);
    expect(manuals?.managed?.note).toMatch(/searched by full text only/);
    const run = await cli(
      other,
      "search",
      "hydraulic oil filter",
      "--collection",
      "Manuals",
      "--json",
    );
    expect(lastJson<{ results: Hit[] }>(run).results[0]?.file).toBe("pump.pdf");
    expect(run.stderr).toMatch(/embedded with embed-a.*full text only/);
  });
});

describe("a tampered pack", () => {
  it("is refused by the engine with a message naming the changed file, whichever file it is", async () => {
    const copy = path.join(dir, "tamper");
    const manifest = JSON.parse(
      readFileSync(path.join(managed, "manuals-1", "manifest.json"), "utf8"),
    ) as { files: { path: string }[] };
    const samples = [
      manifest.files.find((f) => f.path.startsWith("library/chunks.lance/data/")),
      manifest.files.find((f) => f.path.includes("_indices/")),
      manifest.files.find((f) => f.path.startsWith("documents/")),
      manifest.files.find((f) => f.path.includes("_versions/")),
    ];
    for (const file of samples) {
      expect(file).toBeDefined();
      rmSync(copy, { recursive: true, force: true });
      mkdirSync(copy);
      cpSync(path.join(managed, "manuals-1"), path.join(copy, "manuals-1"), { recursive: true });
      const target = path.join(copy, "manuals-1", file?.path ?? "");
      const bytes = readFileSync(target);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      writeFileSync(target, bytes);
      const run = await cli(
        onLaptop({ ManagedLibrariesDirectory: copy }),
        "search",
        "hydraulic oil filter",
        "--collection",
        "Manuals",
        "--json",
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${file?.path ?? ""} does not match its SHA-256`);
      expect(run.stderr).toMatch(/was refused/);
    }
  });

  it("is refused when a file the manifest does not list was added (a new table version)", async () => {
    const copy = path.join(dir, "extra");
    cpSync(path.join(managed, "manuals-1"), path.join(copy, "manuals-1"), { recursive: true });
    const extra = "library/chunks.lance/_versions/99.manifest";
    writeFileSync(path.join(copy, "manuals-1", extra), "not from IT");
    const run = await cli(onLaptop({ ManagedLibrariesDirectory: copy }), "collections", "--json");
    expect(run.stderr).toContain(`${extra} is not listed in manifest.json`);
    const listed = lastJson<{ collections: CollectionInfo[] }>(run);
    expect(listed.collections.some((c) => c.name === "Manuals")).toBe(false);
  });
});
