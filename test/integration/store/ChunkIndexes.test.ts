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

  it("while another collection's import waits for its index refresh, both collections are searched right", async () => {
    await t.store.writeDocument(doc("1", "aardwolf"));
    const indexedAnswer = await t.search("aardwolf", ["A"]);
    // A large import into B: rows outside the indexes until the refresh.
    for (const salt of ["2", "3", "4"])
      await t.store.writeDocument(
        fakeDocument({ collection: "B", salt, pages: ["aardwolf binturong", "binturong"] }),
      );
    expect((await chunksOnDisk()).unindexed).toBe(6);
    // A's search skips B's unindexed rows and finds what it found before them;
    expect(await t.search("aardwolf", ["A"])).toEqual(indexedAnswer);
    // B's unindexed rows are found in B, and a new document in A is found at once too.
    expect(await t.search("binturong", ["B"])).toHaveLength(6);
    await t.store.writeDocument(doc("5", "binturong"));
    expect(await t.search("binturong", ["A"])).toHaveLength(3);
    expect(await t.search("aardwolf", ["A", "B"])).toHaveLength(6);
  });
});
