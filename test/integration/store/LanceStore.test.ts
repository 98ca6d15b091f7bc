import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadLance } from "../../../electron/engine/store/lanceModule";
import { prepareQuery } from "../../../electron/engine/retrieve/prepareQuery";
import { LanceStore } from "../../../electron/engine/store/LanceStore";
import type { DocumentWrite } from "../../../electron/engine/store/types";
import { fakeDocument, filesContaining, filesUnder, filler, tempDir } from "./storeFixtures";

let dir: string;
let cleanup: () => void;
let store: LanceStore;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  store = await LanceStore.open(dir);
  await store.createCollection("A");
  await store.createCollection("B");
});
afterEach(async () => {
  await store.close();
  cleanup();
});

const search = (q: string, collections: string[], limit = 10) =>
  store.searchText(prepareQuery(q), { collections }, limit);

describe("LanceStore documents", () => {
  it("finds a written document's passages with file, title, page and label", async () => {
    const write = fakeDocument({
      collection: "A",
      title: "R Data Import",
      pages: [
        filler(5, "intro"),
        "Use read.table(file, header = TRUE) for data with headings.",
        filler(5, "end"),
      ],
    });
    await store.writeDocument(write);
    const [hit] = await search("read a table with headings", ["A"]);
    expect(hit).toMatchObject({
      documentId: write.doc.id,
      file: "manual.pdf",
      title: "R Data Import",
      page: 2,
      pageEnd: 2,
      pageLabel: "2",
      heading: "2 Section 2",
    });
    expect(hit?.text).toContain("read.table");
    const page = await store.getPageText(write.doc.id, 2);
    expect(page).toMatchObject({ page: 2, pageCount: 3, pageLabel: "2", format: "pdf" });
  });

  it("re-importing the same bytes into the same collection changes nothing", async () => {
    await store.writeDocument(fakeDocument({ collection: "A", pages: ["alpha beta", "gamma"] }));
    await store.writeDocument(fakeDocument({ collection: "A", pages: ["alpha beta", "gamma"] }));
    expect(await store.listDocuments("A")).toHaveLength(1);
    expect(await search("alpha", ["A"])).toHaveLength(1);
  });

  it("importing the same bytes into another collection adds membership without a second copy", async () => {
    const write = fakeDocument({ collection: "A", pages: ["alpha beta"] });
    await store.writeDocument(write);
    await store.writeDocument(fakeDocument({ collection: "B", pages: ["alpha beta"] }));
    expect((await store.getDocument(write.doc.id))?.collections.sort()).toEqual(["A", "B"]);
    expect(await search("alpha", ["A", "B"])).toHaveLength(1);
  });

  it("searches see the previous state until the document commits", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const base = fakeDocument({
      collection: "A",
      pages: ["zanzibar first page", "zanzibar second page"],
      batchSize: 1,
    });
    const write: DocumentWrite = {
      ...base,
      chunks: (async function* () {
        let n = 0;
        for await (const batch of base.chunks) {
          yield batch;
          if (++n === 1) await gate;
        }
      })(),
    };
    const writing = store.writeDocument(write);
    await new Promise((r) => setTimeout(r, 300));
    expect(await search("zanzibar", ["A"])).toHaveLength(0);
    expect(await store.getDocument(base.doc.id)).toBeNull();
    release();
    await writing;
    expect(await search("zanzibar", ["A"])).toHaveLength(2);
  });

  it("a failed import leaves the index as it was", async () => {
    const base = fakeDocument({
      collection: "A",
      pages: ["quokka one", "quokka two", "quokka three"],
      batchSize: 1,
    });
    const write: DocumentWrite = {
      ...base,
      chunks: (async function* () {
        let n = 0;
        for await (const batch of base.chunks) {
          if (++n === 2) throw new Error("parser crashed");
          yield batch;
        }
      })(),
    };
    await expect(store.writeDocument(write)).rejects.toThrow("parser crashed");
    expect(await search("quokka", ["A"])).toHaveLength(0);
    expect(await store.getDocument(base.doc.id)).toBeNull();
  });

  it("a changed file at the same path replaces the old version in one commit and leaves a tombstone", async () => {
    const v1 = fakeDocument({
      collection: "A",
      path: "/docs/guide.pdf",
      pages: ["old wording about wombats"],
    });
    await store.writeDocument(v1);
    const v2 = fakeDocument({
      collection: "A",
      path: "/docs/guide.pdf",
      pages: ["new wording about wombats"],
      replaces: v1.doc.id,
    });
    await store.writeDocument(v2);
    const hits = await search("wombats wording", ["A"]);
    expect(hits.map((h) => h.documentId)).toEqual([v2.doc.id]);
    expect(await store.getDocument(v1.doc.id)).toMatchObject({
      status: "changed",
      replacedBy: v2.doc.id,
    });
    expect((await store.findByPath("/docs/guide.pdf")).map((d) => d.id)).toEqual([v2.doc.id]);
    expect(filesContaining(dir, Buffer.from("old wording"))).toEqual([]);
  });
});

describe("LanceStore deletion", () => {
  it("removing a document from its last collection leaves no trace of its text on disk", async () => {
    // Data files store strings uncompressed (Lance 0.31 defaults), so the raw-byte check sees the
    // marker before removal, which proves it can fail. The full-text index compresses its token
    // dictionary, so for the index the test checks instead that every index file written while the
    // marker was indexed is gone, and that nothing in the table still matches it.
    const marker = "Zyxwvkorptq";
    const write = fakeDocument({
      collection: "A",
      pages: [`The secret ${marker} lives here.`, filler(20, "other")],
    });
    await store.writeDocument(write);
    await store.writeDocument(
      fakeDocument({ collection: "A", salt: "keep", pages: [filler(20, "kept")] }),
    );
    expect(filesContaining(dir, Buffer.from(marker)).length).toBeGreaterThan(0);
    const indexFilesBefore = filesUnder(path.join(dir, "chunks.lance", "_indices"));
    expect(indexFilesBefore.length).toBeGreaterThan(0);

    expect(await store.removeDocument(write.doc.id, "A")).toBe(true);
    expect(filesContaining(dir, Buffer.from(marker))).toEqual([]);
    expect(filesContaining(dir, Buffer.from(marker.toLowerCase()))).toEqual([]);
    expect(filesContaining(dir, Buffer.from(marker, "utf16le"))).toEqual([]);
    const indexFilesAfter = new Set(filesUnder(path.join(dir, "chunks.lance", "_indices")));
    expect(indexFilesBefore.filter((f) => indexFilesAfter.has(f))).toEqual([]);
    const lance = await loadLance();
    const chunks = await (await lance.connect(dir)).openTable("chunks");
    expect(
      await chunks.search(marker.toLowerCase(), "fts", "text").limit(5).toArray(),
    ).toHaveLength(0);
    expect(await search("kept", ["A"])).not.toHaveLength(0);
    expect(await store.getDocument(write.doc.id)).toBeNull();
  });

  it("removing a document from one of two collections keeps it in the other", async () => {
    const write = fakeDocument({ collection: "A", pages: ["platypus facts"] });
    await store.writeDocument(write);
    await store.addToCollection(write.doc.id, "B");
    expect(await store.removeDocument(write.doc.id, "A")).toBe(false);
    expect(await search("platypus", ["A"])).toHaveLength(0);
    expect(await search("platypus", ["B"])).toHaveLength(1);
  });
});

describe("LanceStore collections", () => {
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
    for (const w of [inA, inB, onlyB]) await store.writeDocument(w);
    expect((await search("identical kangaroos", ["A"])).map((p) => p.documentId)).toEqual([
      inA.doc.id,
    ]);
    expect(await search("emus", ["A"])).toHaveLength(0);
    expect((await search("identical kangaroos", ["A", "B"])).length).toBe(2);
    expect(await search("emus", ["C' OR '1'='1"])).toHaveLength(0);
  });

  it("lists, renames and deletes collections, deleting documents that were only there", async () => {
    const shared = fakeDocument({ collection: "A", salt: "s", pages: ["shared koalas"] });
    const solo = fakeDocument({ collection: "A", salt: "o", pages: ["solo dingo"] });
    await store.writeDocument(shared);
    await store.writeDocument(solo);
    await store.addToCollection(shared.doc.id, "B");
    expect((await store.listCollections()).map((c) => [c.name, c.documentCount])).toEqual([
      ["A", 2],
      ["B", 1],
    ]);

    await store.renameCollection("A", "Case 7 — O'Brien");
    expect((await store.listDocuments("Case 7 — O'Brien")).length).toBe(2);
    expect(await search("dingo", ["Case 7 — O'Brien"])).toHaveLength(1);

    expect(await store.deleteCollection("Case 7 — O'Brien")).toBe(1);
    expect(await store.getDocument(solo.doc.id)).toBeNull();
    expect((await store.getDocument(shared.doc.id))?.collections).toEqual(["B"]);
    expect((await store.listCollections()).map((c) => c.name)).toEqual(["B"]);
  });

  it("refuses to create a collection that already exists", async () => {
    await expect(store.createCollection("A")).rejects.toThrow(/already exists/);
  });
});

describe("LanceStore term statistics", () => {
  it("counts the passages that contain each word, matching inflected forms", async () => {
    await store.writeDocument(
      fakeDocument({
        collection: "A",
        pages: ["plotting devices", "the plot thickens", "nothing here"],
      }),
    );
    const stats = await store.termStats(["plot", "devices", "absent"]);
    expect(stats.totalPassages).toBe(3);
    expect(Object.fromEntries(stats.documentFrequency)).toEqual({ plot: 2, devices: 1, absent: 0 });
  });
});

describe("LanceStore common words", () => {
  // 300 passages about data; two of them also name rare things.
  const pages = Array.from({ length: 300 }, (_, i) =>
    i === 7
      ? "data frames hold the quokka survey, with wombat counts per data column"
      : i === 13
        ? "data about the quokka habitat"
        : `data table number ${i} with measured data values`,
  );

  it("a question mixing everyday and rare words is answered from the passages with the rare words", async () => {
    await store.writeDocument(fakeDocument({ collection: "A", pages }));
    await store.settled();
    const hits = await search("quokka wombat data", ["A"]);
    // "data" is in every passage: it no longer pulls all 300 in as candidates.
    expect(hits.map((h) => h.page)).toEqual([8, 14]);
  });

  it("a question of everyday words only still searches them", async () => {
    await store.writeDocument(fakeDocument({ collection: "A", pages }));
    await store.settled();
    expect(await search("data values table", ["A"], 40)).toHaveLength(40);
  });

  it("judges a word common or not within the collections searched", async () => {
    await store.writeDocument(fakeDocument({ collection: "A", pages }));
    const shop = Array.from({ length: 300 }, (_, i) =>
      i === 0
        ? "quokka and wombat enclosure"
        : i === 1
          ? "data of the gift shop"
          : `inventory sheet ${i}`,
    );
    await store.writeDocument(fakeDocument({ collection: "B", pages: shop }));
    await store.refreshIndexes();
    await store.settled();
    // In B "data" is rare, so it finds B's one data passage too; over A and B it is everywhere.
    expect((await search("data quokka wombat", ["B"])).map((h) => h.text)).toEqual([
      "quokka and wombat enclosure",
      "data of the gift shop",
    ]);
    const both = await search("data quokka wombat", ["A", "B"]);
    expect(both.every((h) => /quokka|wombat/.test(h.text))).toBe(true);
  });

  it("re-estimates the common words when the library changes and when it is reopened", async () => {
    const zoo = Array.from(
      { length: 200 },
      (_, i) => `zoo keeper note ${i}` + (i === 0 ? ": lemur and tapir fed" : ""),
    );
    await store.writeDocument(fakeDocument({ collection: "A", pages: zoo }));
    await store.settled();
    // Every passage names the keeper: the question's rare words find the one passage.
    expect(await search("keeper lemur tapir", ["A"])).toHaveLength(1);
    const more = Array.from({ length: 2000 }, (_, i) => `inventory sheet ${i} of the gift shop`);
    await store.writeDocument(fakeDocument({ collection: "A", pages: more }));
    await store.refreshIndexes();
    await store.settled();
    // Now "keeper" is in 200 of 2,200 passages, no longer common: the notes are candidates.
    expect(await search("keeper lemur tapir", ["A"], 40)).toHaveLength(40);
    await store.close();
    store = await LanceStore.open(dir);
    await store.settled();
    expect(await search("keeper lemur tapir", ["A"], 40)).toHaveLength(40);
  });

  it("leaves small scopes alone: every word of the question is searched", async () => {
    const small = Array.from(
      { length: 20 },
      (_, i) => `data sheet ${i}` + (i === 3 ? " quokka wombat" : ""),
    );
    await store.writeDocument(fakeDocument({ collection: "A", pages: small }));
    await store.settled();
    expect(await search("data quokka wombat", ["A"], 40)).toHaveLength(20);
  });
});
