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
});
