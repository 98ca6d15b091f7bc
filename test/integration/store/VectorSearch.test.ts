import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prepareQuery } from "../../../electron/engine/retrieve/prepareQuery";
import { loadLance } from "../../../electron/engine/store/lanceModule";
import { LanceStore } from "../../../electron/engine/store/LanceStore";
import { fakeDocument, filler, tempDir } from "./storeFixtures";

const DIMS = 16;
/** A unit vector pointing mostly along axis `k` (with a little of the next axis, seeded by `j`). */
function axis(k: number, j = 0): Float32Array {
  const v = new Float32Array(DIMS);
  v[k % DIMS] = 1;
  v[(k + 1) % DIMS] = 0.01 * (j % 10);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

let dir: string;
let cleanup: () => void;
let store: LanceStore;
beforeEach(async () => {
  ({ dir, cleanup } = tempDir("enclave-vectors-"));
  store = await LanceStore.open(dir, { annThreshold: 256 });
});
afterEach(async () => {
  await store.close();
  cleanup();
});

async function embedAll(
  modelId: string,
  vectorOf: (chunkId: string, i: number) => Float32Array,
): Promise<number> {
  const todo = await store.chunksWithoutVectors(modelId, 10_000);
  await store.upsertVectors(
    modelId,
    todo.map((c, i) => ({ chunkId: c.chunkId, vector: vectorOf(c.chunkId, i) })),
  );
  return todo.length;
}

describe("vector search", () => {
  it("keeps vector and full-text results inside the named documents of the collection", async () => {
    const a = fakeDocument({ collection: "A", salt: "a", pages: ["alpha walrus", "beta walrus"] });
    const b = fakeDocument({ collection: "A", salt: "b", pages: ["gamma walrus"] });
    const c = fakeDocument({ collection: "C", salt: "c", pages: ["delta walrus"] });
    for (const d of [a, b, c]) await store.writeDocument(d);
    await embedAll("m1", (id) => (id.startsWith(b.doc.id) ? axis(3) : axis(1)));
    // Nearest to axis 3 is document b, but the scope names only a.
    const scoped = await store.searchVector(
      axis(3),
      { collections: ["A"], documents: [a.doc.id] },
      5,
    );
    expect(scoped.length).toBeGreaterThan(0);
    expect(new Set(scoped.map((p) => p.documentId))).toEqual(new Set([a.doc.id]));
    const text = await store.searchText(
      prepareQuery("walrus"),
      { collections: ["A"], documents: [b.doc.id] },
      5,
    );
    expect(text.map((p) => p.documentId)).toEqual([b.doc.id]);
    // A named document outside the collections is never searched.
    expect(
      await store.searchText(
        prepareQuery("walrus"),
        { collections: ["A"], documents: [c.doc.id] },
        5,
      ),
    ).toEqual([]);
  });

  it("finds the nearest chunks by cosine within the scope only", async () => {
    const a = fakeDocument({ collection: "A", salt: "a", pages: ["alpha", "beta"] });
    const b = fakeDocument({ collection: "B", salt: "b", pages: ["gamma"] });
    await store.writeDocument(a);
    await store.writeDocument(b);
    expect(
      await embedAll("m1", (id) =>
        id.startsWith(b.doc.id) ? axis(3) : id.endsWith(":0") ? axis(1) : axis(2),
      ),
    ).toBe(3);
    expect(await store.chunksWithoutVectors("m1", 10)).toHaveLength(0);

    const [best] = await store.searchVector(axis(1), { collections: ["A"] }, 1);
    expect(best).toMatchObject({ documentId: a.doc.id, page: 1 });
    expect(best?.score).toBeCloseTo(1, 5);
    const inA = await store.searchVector(axis(3), { collections: ["A"] }, 5);
    expect(inA.map((p) => p.documentId)).not.toContain(b.doc.id);
  });

  it("switching the embedding model drops the old vectors while full-text search keeps working", async () => {
    await store.writeDocument(
      fakeDocument({ collection: "A", pages: ["alpha words", "beta words"] }),
    );
    await embedAll("m1", () => axis(1));
    expect(await store.chunksWithoutVectors("m2", 10)).toHaveLength(2);
    await store.upsertVectors("m2", [
      {
        chunkId: (await store.chunksWithoutVectors("m2", 1))[0]!.chunkId,
        vector: new Float32Array(8).fill(1),
      },
    ]);
    expect(await store.chunksWithoutVectors("m2", 10)).toHaveLength(1);
    expect(await store.searchText(prepareQuery("beta"), { collections: ["A"] }, 5)).toHaveLength(1);
    expect(
      await store.searchVector(new Float32Array(8).fill(1), { collections: ["A"] }, 5),
    ).toHaveLength(1);
  });

  it("builds an ANN index above the threshold and still finds rows added after it", async () => {
    const pages = Array.from({ length: 300 }, (_, i) => `page ${i} ${filler(1, "v")}`);
    const doc = fakeDocument({ collection: "A", pages, batchSize: 100 });
    await store.writeDocument(doc);
    await embedAll("m1", (_, i) => axis(i % 12, i));
    const lance = await loadLance();
    const vectors = await (await lance.connect(dir)).openTable("vectors");
    expect((await vectors.listIndices()).some((i) => i.columns.includes("vector"))).toBe(true);

    const late = fakeDocument({ collection: "A", salt: "late", pages: ["late arrival"] });
    await store.writeDocument(late);
    await embedAll("m1", () => axis(15));
    const [hit] = await store.searchVector(axis(15), { collections: ["A"] }, 1);
    expect(hit?.documentId).toBe(late.doc.id);
    const [indexed] = await store.searchVector(axis(5, 5), { collections: ["A"] }, 1);
    expect(indexed?.documentId).toBe(doc.doc.id);
  });

  it("lists at most the asked number of chunks to embed, leaving out those already embedded", async () => {
    const doc = fakeDocument({ collection: "A", pages: ["one", "two", "three", "four", "five"] });
    await store.writeDocument(doc);
    const first = await store.chunksWithoutVectors("m1", 2);
    expect(first.map((c) => c.chunkId)).toEqual([`${doc.doc.id}:0`, `${doc.doc.id}:1`]);
    expect(first[0]).toMatchObject({
      documentId: doc.doc.id,
      title: "Manual",
      heading: "1 Section 1",
      text: "one",
    });
    await store.upsertVectors(
      "m1",
      first.map((c) => ({ chunkId: c.chunkId, vector: axis(1) })),
    );
    expect((await store.chunksWithoutVectors("m1", 10)).map((c) => c.text)).toEqual([
      "three",
      "four",
      "five",
    ]);
  });

  it("removing a document deletes its vectors for real", async () => {
    const doc = fakeDocument({ collection: "A", pages: ["alpha"] });
    const other = fakeDocument({ collection: "A", salt: "o", pages: ["omega"] });
    await store.writeDocument(doc);
    await store.writeDocument(other);
    await embedAll("m1", (id) => (id.startsWith(doc.doc.id) ? axis(1) : axis(2)));
    await store.removeDocument(doc.doc.id, "A");
    const lance = await loadLance();
    const vectors = await (await lance.connect(dir)).openTable("vectors");
    expect(await vectors.countRows()).toBe(1);
    expect((await vectors.listVersions()).length).toBe(1);
    expect(
      (await store.searchVector(axis(1), { collections: ["A"] }, 5)).map((p) => p.documentId),
    ).toEqual([other.doc.id]);
  });
});
