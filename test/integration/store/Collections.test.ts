import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "../../../electron/engine/store/where";
import { editClosedTable, fakeDocument, openTestStore, type TestStore } from "./storeFixtures";

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore();
});
afterEach(() => t.dispose());

const counts = async (): Promise<[string, number][]> =>
  (await t.store.listCollections()).map((c) => [c.name, c.documentCount]);

describe("collections", () => {
  it("lists, renames and deletes collections, deleting documents that were only there", async () => {
    const shared = fakeDocument({ collection: "A", salt: "s", pages: ["shared koalas"] });
    const solo = fakeDocument({ collection: "A", salt: "o", pages: ["solo dingo"] });
    await t.store.writeDocument(shared);
    await t.store.writeDocument(solo);
    await t.store.addToCollection(shared.doc.id, "B");
    expect(await counts()).toEqual([
      ["A", 2],
      ["B", 1],
    ]);

    await t.store.renameCollection("A", "Case 7 — O'Brien");
    expect((await t.store.listDocuments("Case 7 — O'Brien")).length).toBe(2);
    expect(await t.search("dingo", ["Case 7 — O'Brien"])).toHaveLength(1);

    expect(await t.store.deleteCollection("Case 7 — O'Brien")).toBe(1);
    expect(await t.store.getDocument(solo.doc.id)).toBeNull();
    expect((await t.store.getDocument(shared.doc.id))?.collections).toEqual(["B"]);
    expect((await t.store.listCollections()).map((c) => c.name)).toEqual(["B"]);
  });

  it("refuses to create a collection that already exists", async () => {
    await expect(t.store.createCollection("A")).rejects.toThrow(/already exists/);
  });

  it("refuses to rename onto an existing collection and changes nothing", async () => {
    await t.store.writeDocument(fakeDocument({ collection: "A", pages: ["wallaby"] }));
    await expect(t.store.renameCollection("A", "B")).rejects.toThrow(/already exists/);
    expect(await counts()).toEqual([
      ["A", 1],
      ["B", 0],
    ]);
  });

  it("says so when asked to rename or delete a collection that does not exist", async () => {
    await expect(t.store.renameCollection("C", "D")).rejects.toThrow(/no collection named "C"/);
    await expect(t.store.deleteCollection("C")).rejects.toThrow(/no collection named "C"/);
  });

  it("a collection that documents name but a kill left out of the list is back at the next open", async () => {
    await t.store.writeDocument(fakeDocument({ collection: "A", pages: ["bilby burrows"] }));
    await t.reopen(() => editClosedTable(t.dir, "collections", (c) => c.delete(eq("name", "A"))));
    expect(await counts()).toEqual([
      ["A", 1],
      ["B", 0],
    ]);
  });
});

describe("membership", () => {
  it("adding a document to a collection that does not exist creates it", async () => {
    const write = fakeDocument({ collection: "A", pages: ["numbat"] });
    await t.store.writeDocument(write);
    await t.store.addToCollection(write.doc.id, "C");
    expect(await counts()).toContainEqual(["C", 1]);
    expect(await t.search("numbat", ["C"])).toHaveLength(1);
  });

  it("removing a document from one of two collections keeps it in the other", async () => {
    const write = fakeDocument({ collection: "A", pages: ["platypus facts"] });
    await t.store.writeDocument(write);
    await t.store.addToCollection(write.doc.id, "B");
    expect(await t.store.removeDocument(write.doc.id, "A")).toBe(false);
    expect(await t.search("platypus", ["A"])).toHaveLength(0);
    expect(await t.search("platypus", ["B"])).toHaveLength(1);
  });

  it("refuses to add or remove a document that is not in the library or not in that collection", async () => {
    const write = fakeDocument({ collection: "A", pages: ["quoll"] });
    await t.store.writeDocument(write);
    await expect(t.store.addToCollection("f".repeat(64), "B")).rejects.toThrow(
      /not in the library/,
    );
    await expect(t.store.removeDocument(write.doc.id, "B")).rejects.toThrow(/not in the library/);
    expect((await t.store.getDocument(write.doc.id))?.collections).toEqual(["A"]);
  });
});
