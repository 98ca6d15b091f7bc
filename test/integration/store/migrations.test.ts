import { Field, Float64, Int32, List, Schema, Utf8 } from "apache-arrow";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ANALYSER_VERSION } from "../../../shared/text";
import { prepareQuery } from "../../../electron/engine/retrieve/prepareQuery";
import { StoreVersionError } from "../../../electron/engine/store/errors";
import { loadLance } from "../../../electron/engine/store/lanceModule";
import { LanceStore } from "../../../electron/engine/store/LanceStore";
import { rowsOf } from "../../../electron/engine/store/rows";
import {
  chunksSchema,
  collectionsSchema,
  metaSchema,
  pagesSchema,
  SCHEMA_VERSION,
} from "../../../electron/engine/store/schema";
import { idOf, tempDir } from "./storeFixtures";

/** The documents table as version 1 wrote it (before `replaced_by`), frozen here on purpose. */
const utf8 = (name: string, nullable = false): Field => new Field(name, new Utf8(), nullable);
const documentsV1 = new Schema([
  ...["id", "title", "file", "path", "format"].map((n) => utf8(n)),
  new Field("bytes", new Float64(), false),
  new Field("pages", new Int32(), false),
  new Field("chunks", new Int32(), false),
  ...["language", "status", "imported_at"].map((n) => utf8(n)),
  new Field("collections", new List(new Field("item", new Utf8(), true)), false),
  utf8("error", true),
]);

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir("enclave-migrate-")));
afterEach(() => cleanup());

/** Version 2 added `replaced_by`; version 3 then added `parent_id`. */
const documentsV2 = new Schema([...documentsV1.fields, utf8("replaced_by", true)]);

async function writeV1Fixture(version: number, documentsSchema = documentsV1): Promise<string> {
  const lance = await loadLance();
  const db = await lance.connect(dir);
  const id = idOf("v1 document");
  const meta = await db.createEmptyTable("meta", metaSchema);
  await meta.add([{ key: "schema_version", value: String(version) }]);
  const collections = await db.createEmptyTable("collections", collectionsSchema);
  await collections.add([{ name: "Old case", created_at: "2025-01-01T00:00:00.000Z" }]);
  const documents = await db.createEmptyTable("documents", documentsSchema);
  await documents.add([
    {
      id,
      title: "Legacy manual",
      file: "legacy.pdf",
      path: "/old/legacy.pdf",
      format: "pdf",
      bytes: 10,
      pages: 1,
      chunks: 1,
      language: "en",
      status: "ready",
      imported_at: "2025-01-01T00:00:00.000Z",
      collections: ["Old case"],
      error: null,
      ...(documentsSchema === documentsV2 ? { replaced_by: null } : {}),
    },
  ]);
  const pages = await db.createEmptyTable("pages", pagesSchema);
  await pages.add([{ doc_id: id, page: 1, label: "i", text: "Legacy text about armadillos." }]);
  const chunks = await db.createEmptyTable("chunks", chunksSchema);
  await chunks.add([
    {
      id: `${id}:0`,
      doc_id: id,
      chunk_index: 0,
      page: 1,
      page_end: 1,
      page_label: "i",
      char_start: 0,
      char_end: 29,
      heading: "",
      text: "Legacy text about armadillos.",
      head: "Legacy manual",
      codes: "",
    },
  ]);
  db.close();
  return id;
}

describe("store migrations", () => {
  it("opens a version 1 store, migrates it to the current version and keeps its documents searchable", async () => {
    const id = await writeV1Fixture(1);
    const store = await LanceStore.open(dir);
    expect(await store.getDocument(id)).toMatchObject({
      title: "Legacy manual",
      collections: ["Old case"],
      status: "ready",
    });
    expect(
      (await store.searchText(prepareQuery("armadillos"), { collections: ["Old case"] }, 5)).map(
        (p) => p.pageLabel,
      ),
    ).toEqual(["i"]);
    await store.close();

    const lance = await loadLance();
    const db = await lance.connect(dir);
    const meta = await rowsOf((await db.openTable("meta")).query());
    expect(meta.map((r) => [r.key, r.value]).sort()).toEqual([
      ["analyser_version", String(ANALYSER_VERSION)],
      ["schema_version", String(SCHEMA_VERSION)],
    ]);
    const fields = (await (await db.openTable("documents")).schema()).fields.map((f) => f.name);
    expect(fields).toContain("replaced_by");
    expect(fields).toContain("parent_id");
    db.close();
  });

  it("opens a version 2 store: its documents gain parent_id, empty, and stay searchable", async () => {
    const id = await writeV1Fixture(2, documentsV2);
    const store = await LanceStore.open(dir);
    const doc = await store.getDocument(id);
    expect(doc).toMatchObject({ title: "Legacy manual", status: "ready" });
    expect(doc?.parentId).toBeUndefined();
    expect(await store.childDocuments(id)).toEqual([]);
    expect(
      await store.searchText(prepareQuery("armadillos"), { collections: ["Old case"] }, 5),
    ).toHaveLength(1);
    await store.close();
    const lance = await loadLance();
    const db = await lance.connect(dir);
    const rows = await rowsOf((await db.openTable("documents")).query());
    expect(rows.map((r) => r.parent_id)).toEqual([null]);
    db.close();
  });

  it("refuses to open a store written by a newer version, saying to update", async () => {
    await writeV1Fixture(SCHEMA_VERSION + 1);
    await expect(LanceStore.open(dir)).rejects.toThrow(StoreVersionError);
    await expect(LanceStore.open(dir)).rejects.toThrow(/Update Enclave/);
  });
});
