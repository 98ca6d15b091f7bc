import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadLance } from "../../../electron/engine/store/lanceModule";
import { eq } from "../../../electron/engine/store/where";
import {
  editClosedTable,
  fakeDocument,
  filesContaining,
  filesUnder,
  filler,
  openTestStore,
  type TestStore,
} from "./storeFixtures";

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore();
});
afterEach(() => t.dispose());

/** A word found nowhere else, whose raw bytes show whether the text is still on disk. */
const marker = "Zyxwvkorptq";
const secret = () =>
  fakeDocument({
    collection: "A",
    pages: [`The secret ${marker} lives here.`, filler(20, "other")],
  });
const kept = () => fakeDocument({ collection: "A", salt: "keep", pages: [filler(20, "kept")] });

describe("deletion", () => {
  it("removing a document from its last collection leaves no trace of its text on disk", async () => {
    // Data files store strings uncompressed (Lance 0.31 defaults), so the raw-byte check sees the
    // marker before removal, which proves it can fail. The full-text index compresses its token
    // dictionary, so for the index the test checks instead that every index file written while the
    // marker was indexed is gone, and that nothing in the table still matches it.
    const write = secret();
    await t.store.writeDocument(write);
    await t.store.writeDocument(kept());
    expect(filesContaining(t.dir, Buffer.from(marker)).length).toBeGreaterThan(0);
    const indexFilesBefore = filesUnder(path.join(t.dir, "chunks.lance", "_indices"));
    expect(indexFilesBefore.length).toBeGreaterThan(0);

    expect(await t.store.removeDocument(write.doc.id, "A")).toBe(true);
    expect(filesContaining(t.dir, Buffer.from(marker))).toEqual([]);
    expect(filesContaining(t.dir, Buffer.from(marker.toLowerCase()))).toEqual([]);
    expect(filesContaining(t.dir, Buffer.from(marker, "utf16le"))).toEqual([]);
    const indexFilesAfter = new Set(filesUnder(path.join(t.dir, "chunks.lance", "_indices")));
    expect(indexFilesBefore.filter((f) => indexFilesAfter.has(f))).toEqual([]);
    const lance = await loadLance();
    const chunks = await (await lance.connect(t.dir)).openTable("chunks");
    expect(
      await chunks.search(marker.toLowerCase(), "fts", "text").limit(5).toArray(),
    ).toHaveLength(0);
    chunks.close();
    expect(await t.search("kept", ["A"])).not.toHaveLength(0);
    expect(await t.store.getDocument(write.doc.id)).toBeNull();
  });

  it("deleting a collection leaves no trace of the text of documents that were only there", async () => {
    await t.store.writeDocument(secret());
    await t.store.writeDocument(fakeDocument({ collection: "B", pages: [filler(20, "kept")] }));
    expect(filesContaining(t.dir, Buffer.from(marker)).length).toBeGreaterThan(0);
    await t.store.deleteCollection("A");
    expect(filesContaining(t.dir, Buffer.from(marker))).toEqual([]);
    expect(await t.search("kept", ["B"])).not.toHaveLength(0);
  });
});

describe("replacing a version", () => {
  it("leaves no trace of the old version's text or vectors on disk, only its tombstone", async () => {
    // Many other rows, compacted with the old version into shared data files: Lance rewrites a
    // file only when a large share of it is deleted, so the old rows would stay there hidden.
    await t.store.writeDocument(
      fakeDocument({
        collection: "A",
        salt: "keep",
        pages: Array.from({ length: 40 }, (_, i) => filler(3, `kept${i}`)),
      }),
    );
    const old = fakeDocument({
      collection: "A",
      path: "/docs/case.pdf",
      pages: [`The secret ${marker} lives here.`],
    });
    await t.store.writeDocument(old);
    const vector = Float32Array.from({ length: 8 }, (_, i) => 0.31415 + i / 7);
    const others = (await t.store.chunksWithoutVectors("m", 100)).filter(
      (c) => c.documentId !== old.doc.id,
    );
    await t.store.upsertVectors("m", [
      { chunkId: `${old.doc.id}:0`, vector },
      ...others.map((c, i) => ({ chunkId: c.chunkId, vector: vector.map((v) => v - i / 50 - 1) })),
    ]);
    await t.store.refreshIndexes();
    expect(filesContaining(t.dir, Buffer.from(marker)).length).toBeGreaterThan(0);
    expect(filesContaining(t.dir, Buffer.from(vector.buffer)).length).toBeGreaterThan(0);

    const next = fakeDocument({
      collection: "A",
      path: "/docs/case.pdf",
      pages: ["the new version"],
      replaces: old.doc.id,
    });
    await t.store.writeDocument(next);
    expect(filesContaining(t.dir, Buffer.from(marker))).toEqual([]);
    expect(filesContaining(t.dir, Buffer.from(vector.buffer))).toEqual([]);
    expect(await t.store.getDocument(old.doc.id)).toMatchObject({ status: "changed" });
    expect(await t.search("new version", ["A"])).toHaveLength(1);
  });
});

describe("recovery at open", () => {
  it("finishes a deletion that a kill interrupted, leaving no trace of the text", async () => {
    const write = secret();
    await t.store.writeDocument(write);
    await t.store.writeDocument(kept());
    expect(filesContaining(t.dir, Buffer.from(marker)).length).toBeGreaterThan(0);
    await t.reopen(() =>
      editClosedTable(t.dir, "documents", (d) =>
        d.update({ where: eq("id", write.doc.id), values: { status: "deleting" } }),
      ),
    );
    expect(await t.store.getDocument(write.doc.id)).toBeNull();
    expect(await t.store.listDocuments("A")).toHaveLength(1);
    expect(filesContaining(t.dir, Buffer.from(marker))).toEqual([]);
    expect(await t.search("kept", ["A"])).not.toHaveLength(0);
  });

  it("removes the text of a replaced version that a kill left behind, keeping its tombstone", async () => {
    // A kill between the commit of the new version and the cleanup of the old leaves the old row
    // marked "changed" with its chunks and pages still in place.
    const old = secret();
    await t.store.writeDocument(old);
    const next = fakeDocument({ collection: "A", salt: "next", pages: ["the new version"] });
    await t.store.writeDocument(next);
    expect(filesContaining(t.dir, Buffer.from(marker)).length).toBeGreaterThan(0);
    await t.reopen(() =>
      editClosedTable(t.dir, "documents", (d) =>
        d.update({
          where: eq("id", old.doc.id),
          values: { status: "changed", replaced_by: next.doc.id },
        }),
      ),
    );
    expect(filesContaining(t.dir, Buffer.from(marker))).toEqual([]);
    expect(await t.store.getDocument(old.doc.id)).toMatchObject({
      status: "changed",
      replacedBy: next.doc.id,
    });
    expect(await t.search("new version", ["A"])).toHaveLength(1);
  });
});
