import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DocumentWrite } from "../../../electron/engine/store/types";
import {
  fakeDocument,
  filesContaining,
  filler,
  openTestStore,
  type TestStore,
} from "./storeFixtures";

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore();
});
afterEach(() => t.dispose());

describe("writing a document", () => {
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
    await t.store.writeDocument(write);
    const [hit] = await t.search("read a table with headings", ["A"]);
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
  });

  it("stores a document longer than one write batch whole", async () => {
    // 700 chunks and pages: more than one batch of each (512 chunks, 256 pages) reaches disk.
    const pages = Array.from({ length: 700 }, (_, i) => `entry ${i} of the long register`);
    const write = fakeDocument({ collection: "A", pages, batchSize: 50 });
    await t.store.writeDocument(write);
    expect(await t.store.getDocument(write.doc.id)).toMatchObject({ chunks: 700, pages: 700 });
    expect(await t.search("register", ["A"], 1000)).toHaveLength(700);
    expect((await t.store.getPageText(write.doc.id, 700)).text).toBe(pages[699]);
  });

  it("re-importing the same bytes into the same collection changes nothing", async () => {
    await t.store.writeDocument(fakeDocument({ collection: "A", pages: ["alpha beta", "gamma"] }));
    await t.store.writeDocument(fakeDocument({ collection: "A", pages: ["alpha beta", "gamma"] }));
    expect(await t.store.listDocuments("A")).toHaveLength(1);
    expect(await t.search("alpha", ["A"])).toHaveLength(1);
  });

  it("importing the same bytes into another collection adds membership without a second copy", async () => {
    const write = fakeDocument({ collection: "A", pages: ["alpha beta"] });
    await t.store.writeDocument(write);
    await t.store.writeDocument(fakeDocument({ collection: "B", pages: ["alpha beta"] }));
    expect((await t.store.getDocument(write.doc.id))?.collections.sort()).toEqual(["A", "B"]);
    expect(await t.search("alpha", ["A", "B"])).toHaveLength(1);
  });

  it("importing into a collection that does not exist yet creates it", async () => {
    await t.store.writeDocument(fakeDocument({ collection: "New case", pages: ["echidna"] }));
    expect((await t.store.listCollections()).map((c) => [c.name, c.documentCount])).toContainEqual([
      "New case",
      1,
    ]);
  });
});

describe("the commit", () => {
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
    const writing = t.store.writeDocument(write);
    await new Promise((r) => setTimeout(r, 300));
    expect(await t.search("zanzibar", ["A"])).toHaveLength(0);
    expect(await t.store.getDocument(base.doc.id)).toBeNull();
    release();
    await writing;
    expect(await t.search("zanzibar", ["A"])).toHaveLength(2);
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
    await expect(t.store.writeDocument(write)).rejects.toThrow("parser crashed");
    expect(await t.search("quokka", ["A"])).toHaveLength(0);
    expect(await t.store.getDocument(base.doc.id)).toBeNull();
  });

  it("a changed file at the same path replaces the old version in one commit and leaves a tombstone", async () => {
    const v1 = fakeDocument({
      collection: "A",
      path: "/docs/guide.pdf",
      pages: ["old wording about wombats"],
    });
    await t.store.writeDocument(v1);
    const v2 = fakeDocument({
      collection: "A",
      path: "/docs/guide.pdf",
      pages: ["new wording about wombats"],
      replaces: v1.doc.id,
    });
    await t.store.writeDocument(v2);
    const hits = await t.search("wombats wording", ["A"]);
    expect(hits.map((h) => h.documentId)).toEqual([v2.doc.id]);
    expect(await t.store.getDocument(v1.doc.id)).toMatchObject({
      status: "changed",
      replacedBy: v2.doc.id,
    });
    expect((await t.store.findByPath("/docs/guide.pdf")).map((d) => d.id)).toEqual([v2.doc.id]);
    expect(filesContaining(t.dir, Buffer.from("old wording"))).toEqual([]);
  });

  it("the replacement keeps every collection the old version was in", async () => {
    const v1 = fakeDocument({ collection: "A", path: "/docs/guide.pdf", pages: ["first draft"] });
    await t.store.writeDocument(v1);
    await t.store.addToCollection(v1.doc.id, "B");
    const v2 = fakeDocument({
      collection: "A",
      path: "/docs/guide.pdf",
      pages: ["second draft"],
      replaces: v1.doc.id,
    });
    await t.store.writeDocument(v2);
    expect((await t.store.getDocument(v2.doc.id))?.collections.sort()).toEqual(["A", "B"]);
    expect((await t.search("draft", ["B"])).map((h) => h.documentId)).toEqual([v2.doc.id]);
  });

  it("restoring a replaced version's bytes makes that version current again", async () => {
    const path = "/docs/guide.pdf";
    const v1 = fakeDocument({ collection: "A", path, pages: ["original wording about emus"] });
    await t.store.writeDocument(v1);
    await t.store.writeDocument(
      fakeDocument({ collection: "A", path, pages: ["edited wording"], replaces: v1.doc.id }),
    );
    const v2id = (await t.store.findByPath(path))[0]?.id ?? "";
    await t.store.writeDocument(
      fakeDocument({
        collection: "A",
        path,
        pages: ["original wording about emus"],
        replaces: v2id,
      }),
    );
    expect((await t.store.findByPath(path)).map((d) => d.id)).toEqual([v1.doc.id]);
    expect((await t.search("wording", ["A"])).map((h) => h.text)).toEqual([
      "original wording about emus",
    ]);
    expect(await t.store.getDocument(v2id)).toMatchObject({
      status: "changed",
      replacedBy: v1.doc.id,
    });
  });
});
