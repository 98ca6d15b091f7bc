import type { Table } from "@lancedb/lancedb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { prepareQuery } from "../../../electron/engine/retrieve/prepareQuery";
import { fakeDocument, filesContaining, openTestStore, type TestStore } from "./storeFixtures";

/**
 * After many changes an index refresh moves the store to a new connection (Lance's state per
 * connection grows with its commits and slowed every later search of a large background import).
 * The user must notice nothing else: every read and change works on, and reads already running
 * finish on the handles they began with.
 */
let t: TestStore;
beforeEach(async () => {
  t = await openTestStore({ reconnectAfterChanges: 3, annThreshold: 256 });
});
afterEach(async () => {
  await t.dispose();
});

/** The store's current chunks handle (private; only to see that a reconnect happened). */
const chunksHandle = (): Table =>
  (t.store as unknown as { tables: { chunks: Table } }).tables.chunks;

const DIMS = 8;
/** Mostly along axis i % 8, with a little of every other axis (PQ training needs varied rows). */
const vectorFor = (i: number): Float32Array =>
  Float32Array.from({ length: DIMS }, (_, k) =>
    k === i % DIMS ? 1 : ((i * 7 + k * 13) % 17) / 100,
  );

async function embed(modelId: string): Promise<void> {
  const todo = await t.store.chunksWithoutVectors(modelId, 1000);
  await t.store.upsertVectors(
    modelId,
    todo.map((c, i) => ({ chunkId: c.chunkId, vector: vectorFor(i) })),
  );
}

describe("reconnecting after many changes", () => {
  it("keeps reads, writes and deletions working, and closes the old handles once unused", async () => {
    const docs = Array.from({ length: 6 }, (_, i) =>
      fakeDocument({
        collection: "A",
        salt: `d${i}`,
        path: `/docs/manual-${i}.pdf`,
        pages: [`pump ${i} seal torque`, `valve ${i} gasket walrus${i}`],
      }),
    );
    for (const d of docs) await t.store.writeDocument(d);
    // Enough passages for an ANN index (the vectors table's own handle moves too).
    const long = Array.from({ length: 300 }, (_, i) => `appendix line ${i} of the reference`);
    await t.store.writeDocument(fakeDocument({ collection: "B", salt: "long", pages: long }));
    await embed("m1");
    await t.store.refreshIndexes();
    const before = chunksHandle();
    expect(before.isOpen()).toBe(true);

    // A write and its vectors, then the refresh: the third change since that reconnect. Searches
    // started just before the refresh that reconnects finish with their results.
    await t.store.writeDocument(
      fakeDocument({ collection: "A", salt: "late", pages: ["late walrusx page"] }),
    );
    await embed("m1");
    const inFlight = Array.from({ length: 5 }, () => t.search("gasket", ["A"]));
    const refreshed = t.store.refreshIndexes();
    for (const hits of await Promise.all(inFlight)) expect(hits.length).toBeGreaterThan(0);
    await refreshed;

    expect(chunksHandle()).not.toBe(before);
    await vi.waitFor(() => expect(before.isOpen()).toBe(false));

    // Reads through the new connection.
    expect((await t.search("walrus3", ["A"]))[0]?.documentId).toBe(docs[3]?.doc.id);
    expect(await t.search("walrusx", ["A"])).toHaveLength(1);
    const page = await t.store.getPageText(docs[2]!.doc.id, 2);
    expect(page.text).toContain("walrus2");
    expect(await t.store.pageLabels(docs[2]!.doc.id)).toEqual(["1", "2"]);
    expect((await t.store.listCollections()).find((c) => c.name === "A")?.documentCount).toBe(7);
    const near = await t.store.searchVector(vectorFor(1), { collections: ["A"] }, 3);
    expect(near.length).toBe(3);

    // Changes through the new connection: a write, new vectors, a real deletion.
    const added = fakeDocument({ collection: "B", salt: "new", pages: ["zebra manual page"] });
    await t.store.writeDocument(added);
    await embed("m1");
    await t.store.refreshIndexes();
    expect((await t.search("zebra", ["B"]))[0]?.documentId).toBe(added.doc.id);
    expect(await t.store.removeDocument(docs[0]!.doc.id, "A")).toBe(true);
    expect(await t.search("walrus0", ["A"])).toEqual([]);
    expect(filesContaining(t.dir, Buffer.from("walrus0"))).toEqual([]);
    const scoped = await t.store.searchText(
      prepareQuery("gasket"),
      { collections: ["A"], documents: [docs[4]!.doc.id] },
      5,
    );
    expect(new Set(scoped.map((p) => p.documentId))).toEqual(new Set([docs[4]!.doc.id]));

    // What the next start of the app reads: every change above, nothing half-written.
    await t.reopen();
    expect(await t.store.listDocuments("A")).toHaveLength(6);
    expect((await t.search("zebra", ["B"]))[0]?.documentId).toBe(added.doc.id);
    expect(await t.store.chunksWithoutVectors("m1", 10)).toEqual([]);
  });

  it("does not reconnect before the number of changes is reached", async () => {
    const store = t.store;
    // Creating collections A and B, this write and the refresh: four changes, so it reconnects.
    await store.writeDocument(fakeDocument({ collection: "A", salt: "one", pages: ["otter"] }));
    const handle = chunksHandle();
    await store.refreshIndexes();
    expect(chunksHandle()).not.toBe(handle);
    // A write and a refresh: two changes, one short.
    const after = chunksHandle();
    await store.writeDocument(fakeDocument({ collection: "A", salt: "two", pages: ["heron"] }));
    await store.refreshIndexes();
    expect(chunksHandle()).toBe(after);
    expect((await t.search("heron", ["A"])).length).toBe(1);
  });
});
