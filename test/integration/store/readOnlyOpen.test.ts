import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LanceStore, ReadOnlyStoreError } from "../../../electron/engine/store/LanceStore";
import { eq } from "../../../electron/engine/store/where";
import { prepareQuery } from "../../../electron/engine/retrieve/prepareQuery";
import {
  editClosedTable,
  fakeDocument,
  filesUnder,
  filler,
  openTestStore,
  tempDir,
  type TestStore,
} from "./storeFixtures";

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore();
});
afterEach(() => t.dispose());

/** Every file of the library with its size and modification time: what a write would change. */
const snapshot = (dir: string): string[] =>
  filesUnder(dir)
    .map((f) => `${path.relative(dir, f)} ${statSync(f).size} ${statSync(f).mtimeMs}`)
    .sort();

describe("a store opened read-only", () => {
  it("reads the committed library and writes nothing, even when a killed write awaits recovery", async () => {
    const ready = fakeDocument({ collection: "A", pages: [filler(20, "wombat")] });
    const pending = fakeDocument({ collection: "A", salt: "p", pages: [filler(20, "quokka")] });
    await t.store.writeDocument(ready);
    await t.store.writeDocument(pending);
    await t.store.close();
    // As a process killed mid-write leaves it: the second document still says "writing".
    await editClosedTable(t.dir, "documents", (d) =>
      d.update({ where: eq("id", pending.doc.id), values: { status: "writing" } }),
    );
    const before = snapshot(t.dir);

    const reader = await LanceStore.open(t.dir, { access: "read" });
    try {
      expect((await reader.listDocuments("A")).map((d) => d.id)).toEqual([ready.doc.id]);
      expect(
        await reader.searchText(prepareQuery("wombat"), { collections: ["A"] }, 5),
      ).not.toHaveLength(0);
      expect(
        await reader.searchText(prepareQuery("quokka"), { collections: ["A"] }, 5),
      ).toHaveLength(0);
      await expect(reader.createCollection("C")).rejects.toBeInstanceOf(ReadOnlyStoreError);
      await expect(reader.removeDocument(ready.doc.id, "A")).rejects.toBeInstanceOf(
        ReadOnlyStoreError,
      );
    } finally {
      await reader.close();
    }
    expect(snapshot(t.dir)).toEqual(before);

    // The next writer still finds the killed write and rolls it back.
    t.store = await LanceStore.open(t.dir);
    expect(await t.store.getDocument(pending.doc.id)).toBeNull();
    expect(await t.store.listDocuments("A")).toHaveLength(1);
  });

  it("reads a folder that holds no library yet as an empty one, without creating it", async () => {
    const { dir, cleanup } = tempDir();
    const missing = path.join(dir, "library");
    try {
      const reader = await LanceStore.open(missing, { access: "read" });
      expect(await reader.listCollections()).toEqual([]);
      expect(await reader.searchText(prepareQuery("anything"), { collections: ["A"] }, 5)).toEqual(
        [],
      );
      await reader.close();
      expect(existsSync(missing)).toBe(false);
    } finally {
      cleanup();
    }
  });
});
