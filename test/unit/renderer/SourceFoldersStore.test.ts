import { describe, expect, it } from "vitest";
import {
  SourceFoldersStore,
  describeFolderStatus,
} from "../../../renderer/src/stores/SourceFoldersStore";
import type { SourceFolderStatus } from "../../../shared/types";
import { fakeApi } from "./fakeApi";

const folder = (overrides: Partial<SourceFolderStatus> = {}): SourceFolderStatus => ({
  id: "0123456789abcdef",
  collection: "Manuals",
  folder: "/home/ana/Manuals",
  state: "idle",
  done: 0,
  total: 0,
  filesPerSecond: null,
  etaSeconds: null,
  lastSyncAt: "2026-01-01T00:00:00Z",
  last: null,
  message: null,
  ...overrides,
});

describe("source folders", () => {
  it("lists the current collection's folders and follows their progress from status events", async () => {
    const fake = fakeApi({ listSourceFolders: () => [folder()] });
    const store = new SourceFoldersStore(fake.api);
    await store.setCollection("Manuals");
    expect(store.get().folders.map(describeFolderStatus)).toEqual(["Up to date"]);

    fake.emit(
      "sourceFolderStatus",
      folder({ state: "indexing", done: 1200, total: 10000, etaSeconds: 130 }),
    );
    expect(describeFolderStatus(store.get().folders[0] as SourceFolderStatus)).toBe(
      "Indexing 1,200 of 10,000 files, about 2 min left",
    );
    // Another collection's folder does not show here.
    fake.emit("sourceFolderStatus", folder({ id: "fedcba9876543210", collection: "Cases" }));
    expect(store.get().folders).toHaveLength(1);
  });

  it("says why a folder cannot be synced, and stops following one on request", async () => {
    let listed = [folder({ state: "missing", message: "The folder cannot be read." })];
    const fake = fakeApi({
      listSourceFolders: () => listed,
      removeSourceFolder: () => {
        listed = [];
        return { removed: true };
      },
    });
    const store = new SourceFoldersStore(fake.api);
    await store.setCollection("Manuals");
    expect(describeFolderStatus(store.get().folders[0] as SourceFolderStatus)).toBe(
      "The folder cannot be read.",
    );
    await store.remove("0123456789abcdef");
    expect(store.get().folders).toEqual([]);
    expect(fake.calls.map((c) => c.method)).toEqual([
      "listSourceFolders",
      "removeSourceFolder",
      "listSourceFolders",
    ]);
  });
});
