import { describe, expect, it } from "vitest";
import type { Passage } from "../../../shared/types";
import type { Embedder } from "../../../electron/engine/llm/types";
import { Retriever } from "../../../electron/engine/retrieve/Retriever";
import type { SearchScope, Store, VectorStore } from "../../../electron/engine/store/types";
import { FakeEmbedder } from "../../fixtures/FakeEmbedder";

const p = (id: string, text: string): Passage => ({
  chunkId: id,
  documentId: id.padStart(64, "0"),
  file: `${id}.pdf`,
  path: `/docs/${id}.pdf`,
  title: id,
  page: 1,
  pageEnd: 1,
  pageLabel: null,
  heading: "",
  text,
  score: 1,
  charStart: 0,
  charEnd: text.length,
});

const filter = p("1", "Replace the hydraulic oil filter every 250 hours.");
const seal = p("2", "Inspect the pump seal for leaks.");

/** Full-text finds `filter`; vector search finds `seal`, or fails when told to. */
function fakeStore(vectorFailure?: Error): {
  store: Store;
  vectors: VectorStore & { searches: SearchScope[] };
} {
  const store = { searchText: () => Promise.resolve([filter]) } as unknown as Store;
  const searches: SearchScope[] = [];
  const vectors = {
    searches,
    upsertVectors: () => Promise.resolve(),
    chunksWithoutVectors: () => Promise.resolve([]),
    chunksToEmbed: async function* () {},
    searchVector: (_v: Float32Array, scope: SearchScope) => {
      searches.push(scope);
      return vectorFailure === undefined ? Promise.resolve([seal]) : Promise.reject(vectorFailure);
    },
  };
  return { store, vectors };
}

const scope = { collections: ["manuals"] };

describe("Retriever", () => {
  it("fuses full-text and vector results when an embedding model is selected", async () => {
    const { store, vectors } = fakeStore();
    const retriever = new Retriever(store, {
      embedder: () => Promise.resolve(new FakeEmbedder()),
      vectors,
    });
    const found = await retriever.search("oil filter", scope, 5);
    expect(found.map((x) => x.chunkId).sort()).toEqual(["1", "2"]);
    expect(vectors.searches).toEqual([scope]);
  });

  it("looks the embedder up on every search, so selecting or clearing a model applies to the next search", async () => {
    const { store, vectors } = fakeStore();
    let current: Embedder | null = null;
    const retriever = new Retriever(store, { embedder: () => Promise.resolve(current), vectors });
    expect((await retriever.search("oil filter", scope, 5)).map((x) => x.chunkId)).toEqual(["1"]);
    current = new FakeEmbedder();
    expect(await retriever.search("oil filter", scope, 5)).toHaveLength(2);
    current = null;
    expect(await retriever.search("oil filter", scope, 5)).toHaveLength(1);
    expect(vectors.searches).toHaveLength(1);
  });

  it("falls back to full-text results when vector search fails, and reports the error with the model's id", async () => {
    const failure = new Error("vectors table is being rebuilt");
    const { store, vectors } = fakeStore(failure);
    const reported: [unknown, string][] = [];
    const retriever = new Retriever(store, {
      embedder: () => Promise.resolve(new FakeEmbedder({ modelId: "embed-a" })),
      vectors,
      onVectorError: (error, modelId) => reported.push([error, modelId]),
    });
    const found = await retriever.search("oil filter", scope, 5);
    expect(found.map((x) => x.chunkId)).toEqual(["1"]);
    expect(reported).toEqual([[failure, "embed-a"]]);
  });

  it("rejects when the search is aborted, rather than reporting a vector failure", async () => {
    const { store, vectors } = fakeStore();
    const reported: unknown[] = [];
    const retriever = new Retriever(store, {
      embedder: () => Promise.resolve(new FakeEmbedder({ delayMs: 60_000 })),
      vectors,
      onVectorError: (error) => reported.push(error),
    });
    const controller = new AbortController();
    const search = retriever.search("oil filter", scope, 5, controller.signal);
    controller.abort();
    await expect(search).rejects.toThrow();
    expect(reported).toEqual([]);
  });

  it("scores every passage of the documents a search is scoped to, not only what the library's index returns", async () => {
    const manual = Array.from({ length: 50 }, (_, i) => ({
      ...p(`m${i}`, `Pump housing section ${i}: inspect the pump housing.`),
      documentId: "manual",
    }));
    const answer = { ...p("seal", "Replace the pump seal every 500 hours."), documentId: "manual" };
    manual.splice(37, 0, answer);
    const calls: string[] = [];
    const store = {
      searchText: () => {
        calls.push("index");
        return Promise.resolve([manual[0]]);
      },
      getDocument: (id: string) =>
        Promise.resolve(
          id === "manual"
            ? { id, chunks: manual.length, status: "ready", collections: ["manuals"] }
            : null,
        ),
      documentPassages: () => {
        calls.push("read");
        return Promise.resolve(manual);
      },
    } as unknown as Store;
    const retriever = new Retriever(store);
    const scoped = { collections: ["manuals"], documents: ["manual"] };
    expect((await retriever.search("pump seal", scoped, 5))[0]?.chunkId).toBe("seal");
    expect((await retriever.search("how often is the seal replaced", scoped, 5))[0]?.chunkId).toBe(
      "seal",
    );
    expect(calls).toEqual(["read"]);
    await retriever.search("pump seal", scope, 5);
    expect(calls).toEqual(["read", "index"]);
  });

  it("ranks a table of contents after the passages it points to", async () => {
    const toc = p(
      "toc",
      ["Oil filter . . . . . . . 4", "Oil change . . . . . . . 5", "Filter housing . . . . 6"].join(
        "\n",
      ),
    );
    const store = {
      searchText: () => Promise.resolve([{ ...toc, score: 9 }, filter]),
    } as unknown as Store;
    const found = await new Retriever(store).search("oil filter", scope, 5);
    expect(found.map((x) => x.chunkId)).toEqual(["1", "toc"]);
  });
});
