import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadLance } from "../../../electron/engine/store/lanceModule";
import { fakeDocument, openTestStore, type TestStore } from "./storeFixtures";

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore();
});
afterEach(() => t.dispose());

/** The chunks table as a fresh reader sees it: indexed columns, rows outside the text index, version. */
async function chunksOnDisk(): Promise<{ columns: string[]; unindexed: number; version: number }> {
  const db = await (await loadLance()).connect(t.dir);
  const chunks = await db.openTable("chunks");
  try {
    const indexes = await chunks.listIndices();
    const text = indexes.find((i) => i.columns.join() === "text");
    const stats = text === undefined ? undefined : await chunks.indexStats(text.name);
    return {
      columns: indexes.map((i) => i.columns.join()).sort(),
      unindexed: stats?.numUnindexedRows ?? (await chunks.countRows()),
      version: await chunks.version(),
    };
  } finally {
    chunks.close();
    db.close();
  }
}

const doc = (salt: string, word: string) =>
  fakeDocument({ collection: "A", salt, pages: [`${word} one`, `${word} two`, `${word} three`] });

describe("search index upkeep", () => {
  it("a new library builds its search indexes with the first document", async () => {
    expect((await chunksOnDisk()).columns).toEqual([]);
    await t.store.writeDocument(doc("1", "aardwolf"));
    expect(await chunksOnDisk()).toMatchObject({
      columns: ["codes", "doc_id", "head", "id", "text"],
      unindexed: 0,
    });
  });

  it("later documents are found at once and folded into the indexes when the import ends", async () => {
    await t.store.writeDocument(doc("1", "aardwolf"));
    await t.store.writeDocument(doc("2", "binturong"));
    expect((await chunksOnDisk()).unindexed).toBe(3);
    expect(await t.search("binturong", ["A"])).toHaveLength(3);
    await t.store.refreshIndexes();
    expect((await chunksOnDisk()).unindexed).toBe(0);
    expect(await t.search("binturong", ["A"])).toHaveLength(3);
  });

  it("refreshing when nothing was written since leaves the table as it was", async () => {
    await t.store.writeDocument(doc("1", "aardwolf"));
    await t.store.writeDocument(doc("2", "binturong"));
    await t.store.refreshIndexes();
    const before = (await chunksOnDisk()).version;
    await t.store.refreshIndexes();
    expect((await chunksOnDisk()).version).toBe(before);
  });

  it("after a restart the first new document is folded into the existing indexes at once", async () => {
    await t.store.writeDocument(doc("1", "aardwolf"));
    await t.reopen();
    await t.store.writeDocument(doc("2", "binturong"));
    expect((await chunksOnDisk()).unindexed).toBe(0);
    expect(await t.search("binturong aardwolf", ["A"])).toHaveLength(6);
  });
});
