import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DocumentNotFoundError, PageNotFoundError } from "../../../electron/engine/store/errors";
import { fakeDocument, openTestStore, type TestStore } from "./storeFixtures";

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore();
});
afterEach(() => t.dispose());

describe("the document catalog", () => {
  it("lists a collection's documents by title and finds documents by path in any collection", async () => {
    const zebra = fakeDocument({
      collection: "A",
      title: "Zebra care",
      path: "/z.pdf",
      pages: ["z"],
    });
    const aardvark = fakeDocument({
      collection: "A",
      title: "Aardvark care",
      path: "/a.pdf",
      pages: ["a"],
    });
    const elsewhere = fakeDocument({
      collection: "B",
      title: "Zebra again",
      path: "/z.pdf",
      pages: ["zz"],
    });
    for (const w of [zebra, aardvark, elsewhere]) await t.store.writeDocument(w);
    expect((await t.store.listDocuments("A")).map((d) => d.title)).toEqual([
      "Aardvark care",
      "Zebra care",
    ]);
    expect((await t.store.findByPath("/z.pdf")).map((d) => d.id).sort()).toEqual(
      [zebra.doc.id, elsewhere.doc.id].sort(),
    );
    expect(await t.store.listDocuments("No such collection")).toEqual([]);
  });

  it("describes a document with its file facts, counts and collections", async () => {
    const write = fakeDocument({
      collection: "A",
      title: "Guide",
      path: "/docs/guide.pdf",
      pages: ["one", "two"],
    });
    await t.store.writeDocument(write);
    expect(await t.store.getDocument(write.doc.id)).toMatchObject({
      id: write.doc.id,
      title: "Guide",
      file: "guide.pdf",
      path: "/docs/guide.pdf",
      format: "pdf",
      pages: 2,
      chunks: 2,
      collections: ["A"],
      status: "ready",
      language: "en",
    });
    expect(await t.store.getDocument("0".repeat(64))).toBeNull();
  });

  it("a reopened library lists the same documents in the same collections", async () => {
    const write = fakeDocument({ collection: "A", pages: ["persisted text"] });
    await t.store.writeDocument(write);
    await t.store.addToCollection(write.doc.id, "B");
    const before = await t.store.getDocument(write.doc.id);
    await t.reopen();
    expect(await t.store.getDocument(write.doc.id)).toEqual(before);
    expect(await t.store.listDocuments("B")).toHaveLength(1);
  });
});

describe("reading a page", () => {
  it("reads back a stored page with its label, and says how many pages there are when asked for one past the end", async () => {
    const write = fakeDocument({
      collection: "A",
      pages: ["first page text", "second page text", "third"],
    });
    await t.store.writeDocument(write);
    expect(await t.store.getPageText(write.doc.id, 2)).toEqual({
      documentId: write.doc.id,
      page: 2,
      pageCount: 3,
      pageLabel: "2",
      text: "second page text",
      format: "pdf",
    });
    const past = t.store.getPageText(write.doc.id, 4);
    await expect(past).rejects.toBeInstanceOf(PageNotFoundError);
    await expect(past).rejects.toThrow(/from 1 to 3/);
  });

  it("a removed document's pages can no longer be read", async () => {
    const write = fakeDocument({ collection: "A", pages: ["short-lived"] });
    await t.store.writeDocument(write);
    await t.store.removeDocument(write.doc.id, "A");
    await expect(t.store.getPageText(write.doc.id, 1)).rejects.toBeInstanceOf(
      DocumentNotFoundError,
    );
  });
});
