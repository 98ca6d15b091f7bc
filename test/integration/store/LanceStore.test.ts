import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeDocument, openTestStore, type TestStore } from "./storeFixtures";

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore();
});
afterEach(() => t.dispose());

describe("LanceStore", () => {
  it("documents and collection changes asked for at once all land, one after another", async () => {
    const writes = ["aardvark", "bandicoot", "cassowary", "dugong"].map((word, i) =>
      fakeDocument({ collection: i % 2 === 0 ? "A" : "B", salt: word, pages: [`${word} notes`] }),
    );
    await Promise.all([
      ...writes.map((w) => t.store.writeDocument(w)),
      t.store.createCollection("C"),
      t.store.refreshIndexes(),
    ]);
    expect((await t.store.listCollections()).map((c) => [c.name, c.documentCount])).toEqual([
      ["A", 2],
      ["B", 2],
      ["C", 0],
    ]);
    expect(await t.search("aardvark bandicoot cassowary dugong", ["A", "B"])).toHaveLength(4);
  });

  it("a failed change does not stop the ones queued after it", async () => {
    const write = fakeDocument({ collection: "A", pages: ["echidna"] });
    const [refused, written] = await Promise.allSettled([
      t.store.createCollection("A"),
      t.store.writeDocument(write),
    ]);
    expect(refused.status).toBe("rejected");
    expect(written.status).toBe("fulfilled");
    expect(await t.search("echidna", ["A"])).toHaveLength(1);
  });

  it("closing waits for the write in flight, so the next start finds the document", async () => {
    const write = fakeDocument({ collection: "A", pages: ["ibis", "jabiru"], batchSize: 1 });
    const writing = t.store.writeDocument(write);
    await t.reopen();
    await writing;
    expect(await t.store.getDocument(write.doc.id)).toMatchObject({ status: "ready", chunks: 2 });
  });
});
