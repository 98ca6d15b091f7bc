import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DocumentWrite, Store } from "../../../electron/engine/store/types";
import { fakeDocument, openTestStore, type TestStore } from "./storeFixtures";

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore();
});
afterEach(() => t.dispose());

describe("full-text search", () => {
  it("a search in collection A never returns a passage of a document only in collection B, even with identical text", async () => {
    const inA = fakeDocument({
      collection: "A",
      salt: "a",
      pages: ["identical sentence about kangaroos"],
    });
    const inB = fakeDocument({
      collection: "B",
      salt: "b",
      pages: ["identical sentence about kangaroos"],
    });
    const onlyB = fakeDocument({ collection: "B", salt: "c", pages: ["emus only live in B"] });
    for (const w of [inA, inB, onlyB]) await t.store.writeDocument(w);
    expect((await t.search("identical kangaroos", ["A"])).map((p) => p.documentId)).toEqual([
      inA.doc.id,
    ]);
    expect(await t.search("emus", ["A"])).toHaveLength(0);
    expect((await t.search("identical kangaroos", ["A", "B"])).length).toBe(2);
    expect(await t.search("emus", ["C' OR '1'='1"])).toHaveLength(0);
  });

  it("ranks the passage that matches more of the question first, with its score", async () => {
    await t.store.writeDocument(
      fakeDocument({
        collection: "A",
        pages: ["lemurs sleep in trees", "lemurs and tapirs sleep in trees", "tapirs swim"],
      }),
    );
    const hits = await t.search("lemurs tapirs", ["A"]);
    expect(hits[0]?.page).toBe(2);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(hits[0]?.score).toBeGreaterThan(0);
  });

  it("a search while another document is being written still fills its limit with committed passages", async () => {
    const others = (n: number) => Array.from({ length: n }, (_, i) => `unrelated note ${i}`);
    await t.store.writeDocument(
      fakeDocument({
        collection: "A",
        salt: "ready",
        pages: ["zanzibar once", "zanzibar twice over", "zanzibar thrice", ...others(50)],
      }),
    );
    // 300 chunks in one batch: they reach the table before the gate, and ten of those
    // uncommitted passages match the question better than the committed ones.
    const base = fakeDocument({
      collection: "A",
      salt: "writing",
      pages: [...Array.from({ length: 10 }, () => "zanzibar zanzibar zanzibar"), ...others(290)],
      batchSize: 300,
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let appended!: () => void;
    const onDisk = new Promise<void>((r) => (appended = r));
    const write: DocumentWrite = {
      ...base,
      chunks: (async function* () {
        for await (const batch of base.chunks) yield batch;
        // The writer asks for more only after adding the batch to the tables.
        appended();
        await gate;
      })(),
    };
    const writing = t.store.writeDocument(write);
    await onDisk;
    try {
      const hits = await t.search("zanzibar", ["A"], 3);
      expect(hits.map((h) => h.text).sort()).toEqual([
        "zanzibar once",
        "zanzibar thrice",
        "zanzibar twice over",
      ]);
    } finally {
      release();
      await writing;
    }
    expect(await t.search("zanzibar", ["A"], 3)).toHaveLength(3);
  });

  it("finds nothing in an empty or unknown collection", async () => {
    await t.store.writeDocument(fakeDocument({ collection: "A", pages: ["aardvark"] }));
    expect(await t.search("aardvark", ["B"])).toEqual([]);
    expect(await t.search("aardvark", ["Nowhere"])).toEqual([]);
    expect(await t.search("aardvark", [])).toEqual([]);
  });
});

describe("term statistics", () => {
  it("counts the passages that contain each word, matching inflected forms", async () => {
    await t.store.writeDocument(
      fakeDocument({
        collection: "A",
        pages: ["plotting devices", "the plot thickens", "nothing here"],
      }),
    );
    // Through the Store interface, as the answer step reaches it.
    const store: Store = t.store;
    const stats = await store.termStats(["plot", "Devices", "absent", "--"]);
    expect(stats.totalPassages).toBe(3);
    expect(Object.fromEntries(stats.documentFrequency)).toEqual({ plot: 2, devices: 1, absent: 0 });
  });

  it("counts only passages of committed documents in the total", async () => {
    expect((await t.store.termStats(["anything"])).totalPassages).toBe(0);
    const write = fakeDocument({ collection: "A", pages: ["one", "two"] });
    await t.store.writeDocument(write);
    expect((await t.store.termStats(["one"])).totalPassages).toBe(2);
    await t.store.removeDocument(write.doc.id, "A");
    expect((await t.store.termStats(["one"])).totalPassages).toBe(0);
  });
});
