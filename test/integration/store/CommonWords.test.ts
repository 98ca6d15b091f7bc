import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeDocument, openTestStore, type TestStore } from "./storeFixtures";

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore();
});
afterEach(() => t.dispose());

describe("common words", () => {
  // 300 passages about data; two of them also name rare things.
  const pages = Array.from({ length: 300 }, (_, i) =>
    i === 7
      ? "data frames hold the quokka survey, with wombat counts per data column"
      : i === 13
        ? "data about the quokka habitat"
        : `data table number ${i} with measured data values`,
  );

  it("a question mixing everyday and rare words is answered from the passages with the rare words", async () => {
    await t.store.writeDocument(fakeDocument({ collection: "A", pages }));
    await t.store.settled();
    const hits = await t.search("quokka wombat data", ["A"]);
    // "data" is in every passage: it no longer pulls all 300 in as candidates.
    expect(hits.map((h) => h.page)).toEqual([8, 14]);
  });

  it("a question of everyday words only still searches them", async () => {
    await t.store.writeDocument(fakeDocument({ collection: "A", pages }));
    await t.store.settled();
    expect(await t.search("data values table", ["A"], 40)).toHaveLength(40);
  });

  it("judges a word common or not within the collections searched", async () => {
    await t.store.writeDocument(fakeDocument({ collection: "A", pages }));
    const shop = Array.from({ length: 300 }, (_, i) =>
      i === 0
        ? "quokka and wombat enclosure"
        : i === 1
          ? "data of the gift shop"
          : `inventory sheet ${i}`,
    );
    await t.store.writeDocument(fakeDocument({ collection: "B", pages: shop }));
    await t.store.refreshIndexes();
    await t.store.settled();
    // In B "data" is rare, so it finds B's one data passage too; over A and B it is everywhere.
    expect((await t.search("data quokka wombat", ["B"])).map((h) => h.text)).toEqual([
      "quokka and wombat enclosure",
      "data of the gift shop",
    ]);
    const both = await t.search("data quokka wombat", ["A", "B"]);
    expect(both.every((h) => /quokka|wombat/.test(h.text))).toBe(true);
  });

  it("re-estimates the common words when the library changes and when it is reopened", async () => {
    const zoo = Array.from(
      { length: 200 },
      (_, i) => `zoo keeper note ${i}` + (i === 0 ? ": lemur and tapir fed" : ""),
    );
    await t.store.writeDocument(fakeDocument({ collection: "A", pages: zoo }));
    await t.store.settled();
    // Every passage names the keeper: the question's rare words find the one passage.
    expect(await t.search("keeper lemur tapir", ["A"])).toHaveLength(1);
    const more = Array.from({ length: 2000 }, (_, i) => `inventory sheet ${i} of the gift shop`);
    await t.store.writeDocument(fakeDocument({ collection: "A", pages: more }));
    await t.store.refreshIndexes();
    await t.store.settled();
    // Now "keeper" is in 200 of 2,200 passages, no longer common: the notes are candidates.
    expect(await t.search("keeper lemur tapir", ["A"], 40)).toHaveLength(40);
    await t.reopen();
    await t.store.settled();
    expect(await t.search("keeper lemur tapir", ["A"], 40)).toHaveLength(40);
  });

  it("answers the first question after opening as it answers later ones", async () => {
    const zoo = Array.from(
      { length: 200 },
      (_, i) => `zoo keeper note ${i}` + (i === 0 ? ": lemur and tapir fed" : ""),
    );
    await t.store.writeDocument(fakeDocument({ collection: "A", pages: zoo }));
    await t.reopen();
    // Asked at once (the app's first question, a one-shot CLI search): not before the sample.
    const first = await t.search("keeper lemur tapir", ["A"], 40);
    await t.store.settled();
    expect(first).toHaveLength(1);
    expect(await t.search("keeper lemur tapir", ["A"], 40)).toEqual(first);
  });

  it("re-estimates the common words of a scope when a document leaves it", async () => {
    const notes = Array.from(
      { length: 200 },
      (_, i) => `zoo keeper note ${i}` + (i === 0 ? ": lemur and tapir fed" : ""),
    );
    const shop = fakeDocument({
      collection: "A",
      pages: Array.from({ length: 2000 }, (_, i) => `inventory sheet ${i} of the gift shop`),
    });
    await t.store.writeDocument(fakeDocument({ collection: "A", pages: notes }));
    await t.store.writeDocument(shop);
    await t.store.refreshIndexes();
    await t.store.settled();
    expect(await t.search("keeper lemur tapir", ["A"], 40)).toHaveLength(40);
    // Without the shop's passages the keeper is in every passage again.
    await t.store.removeDocument(shop.doc.id, "A");
    await t.store.settled();
    expect(await t.search("keeper lemur tapir", ["A"], 40)).toHaveLength(1);
  });

  it("leaves small scopes alone: every word of the question is searched", async () => {
    const small = Array.from(
      { length: 20 },
      (_, i) => `data sheet ${i}` + (i === 3 ? " quokka wombat" : ""),
    );
    await t.store.writeDocument(fakeDocument({ collection: "A", pages: small }));
    await t.store.settled();
    expect(await t.search("data quokka wombat", ["A"], 40)).toHaveLength(20);
  });
});
