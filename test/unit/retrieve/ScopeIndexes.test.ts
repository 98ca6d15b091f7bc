import { describe, expect, it } from "vitest";
import type { DocumentInfo, Passage } from "../../../shared/types";
import { ScopeIndexes } from "../../../electron/engine/retrieve/ScopeIndexes";
import type { Store } from "../../../electron/engine/store/types";

const passage = (documentId: string, i: number): Passage => ({
  chunkId: `${documentId}-${i}`,
  documentId,
  file: `${documentId}.pdf`,
  path: `/docs/${documentId}.pdf`,
  title: documentId,
  page: i + 1,
  pageEnd: i + 1,
  pageLabel: null,
  heading: "",
  text: `Passage ${i} of ${documentId}.`,
  score: 0,
  charStart: 0,
  charEnd: 10,
});

/** A store of documents with `chunks` passages each, counting whole-document reads. */
function fakeStore(
  docs: { id: string; chunks: number; collections?: string[]; status?: string }[],
) {
  const reads: string[] = [];
  const byId = new Map(docs.map((d) => [d.id, d]));
  const store = {
    getDocument: (id: string) => {
      const d = byId.get(id);
      return Promise.resolve(
        d === undefined
          ? null
          : ({
              id: d.id,
              chunks: d.chunks,
              collections: d.collections ?? ["manuals"],
              status: d.status ?? "ready",
            } as unknown as DocumentInfo),
      );
    },
    documentPassages: (id: string) => {
      reads.push(id);
      const d = byId.get(id);
      return Promise.resolve(Array.from({ length: d?.chunks ?? 0 }, (_, i) => passage(id, i)));
    },
  } as unknown as Store;
  return { store, reads, byId };
}

describe("indexes of a scoped search's documents", () => {
  it("reads a document once for the questions that follow", async () => {
    const { store, reads } = fakeStore([{ id: "a", chunks: 3 }]);
    const scopes = new ScopeIndexes(store);
    const scope = { collections: ["manuals"], documents: ["a"] };
    const first = await scopes.of(scope);
    await scopes.of(scope);
    expect(first?.[0]?.passages).toHaveLength(3);
    expect(reads).toEqual(["a"]);
  });

  it("leaves a search without named documents, or with too many passages, to the library's index", async () => {
    const { store } = fakeStore([
      { id: "a", chunks: 3 },
      { id: "big", chunks: 50 },
    ]);
    const scopes = new ScopeIndexes(store, { maxPassages: 20 });
    expect(await scopes.of({ collections: ["manuals"] })).toBeNull();
    expect(await scopes.of({ collections: ["manuals"], documents: [] })).toBeNull();
    expect(await scopes.of({ collections: ["manuals"], documents: ["big"] })).toBeNull();
  });

  it("never reads a document outside the scope's collections or not ready", async () => {
    const { store, reads } = fakeStore([
      { id: "a", chunks: 3 },
      { id: "other", chunks: 3, collections: ["private"] },
      { id: "importing", chunks: 3, status: "importing" },
    ]);
    const found = await new ScopeIndexes(store).of({
      collections: ["manuals"],
      documents: ["a", "other", "importing", "missing"],
    });
    expect(found?.map((ix) => ix.passages[0]?.documentId)).toEqual(["a"]);
    expect(reads).toEqual(["a"]);
  });

  it("reads a document again once its passages change (re-analysed), and drops the least recently used", async () => {
    const { store, reads, byId } = fakeStore([
      { id: "a", chunks: 3 },
      { id: "b", chunks: 2 },
      { id: "c", chunks: 2 },
    ]);
    const scopes = new ScopeIndexes(store, { cachedPassages: 6 });
    const of = (id: string) => scopes.of({ collections: ["manuals"], documents: [id] });
    await of("a");
    const a = byId.get("a");
    if (a !== undefined) a.chunks = 4;
    expect((await of("a"))?.[0]?.passages).toHaveLength(4);
    await of("b");
    await of("a"); // used again: "b" is now the least recently used
    await of("c");
    await of("a");
    await of("b");
    expect(reads).toEqual(["a", "a", "b", "c", "b"]);
  });
});
