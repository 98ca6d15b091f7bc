import { describe, expect, it, vi } from "vitest";
import { LibraryStore } from "../../../renderer/src/stores/LibraryStore";
import type { MethodArgs, MethodResult } from "../../../shared/contract";
import type { CollectionInfo } from "../../../shared/types";
import { deferred, fakeApi } from "./fakeApi";

const at = "2026-01-01T00:00:00Z";

describe("library", () => {
  it("creates a first collection when there is none, and makes it current", async () => {
    const collections: CollectionInfo[] = [];
    const fake = fakeApi({
      listCollections: () => [...collections],
      createCollection: (args: MethodArgs<"createCollection">) => {
        const c = { name: args.name, documentCount: 0, createdAt: at };
        collections.push(c);
        return c;
      },
      listDocuments: () => [],
    });
    const store = new LibraryStore(fake.api, { defaultCollection: "Case files" });
    await store.load();
    expect(store.get().current).toBe("Case files");
    expect(store.get().collections.map((c) => c.name)).toEqual(["Case files"]);
  });

  it("tracks each file's progress from import events and keeps a failed file's reason", async () => {
    const report = deferred<MethodResult<"importWithDialog">>();
    const fake = fakeApi({
      listCollections: () => [{ name: "Cases", documentCount: 0, createdAt: at }],
      listDocuments: () => [],
      importWithDialog: () => report.promise,
    });
    const store = new LibraryStore(fake.api, { now: () => 1000 });
    await store.load();
    const importing = store.importWithDialog(false);
    const requestId = store.get().importRun?.requestId as string;
    fake.emit("importProgress", {
      kind: "started",
      requestId,
      file: "a.pdf",
      path: "/d/a.pdf",
      index: 0,
      total: 2,
    });
    fake.emit("importProgress", {
      kind: "progress",
      requestId,
      file: "a.pdf",
      path: "/d/a.pdf",
      pagesDone: 3,
      pagesTotal: 6,
    });
    expect(store.get().importRun?.rows[0]).toMatchObject({
      status: "importing",
      pagesDone: 3,
      pagesTotal: 6,
    });
    fake.emit("importProgress", {
      kind: "failed",
      requestId,
      file: "b.pdf",
      path: "/d/b.pdf",
      error: {
        code: "ENCRYPTED",
        message: "This PDF is encrypted: export an unprotected copy and import that.",
      },
    });
    report.resolve({
      requestId,
      truncatedChunks: 0,
      results: [
        {
          file: "a.pdf",
          path: "/d/a.pdf",
          ok: true,
          documentId: "f".repeat(64),
          pages: 6,
          chunks: 9,
        },
        {
          file: "b.pdf",
          path: "/d/b.pdf",
          ok: false,
          error: {
            code: "ENCRYPTED",
            message: "This PDF is encrypted: export an unprotected copy and import that.",
          },
        },
      ],
    });
    await importing;
    const run = store.get().importRun;
    expect(run).toMatchObject({ finished: true, imported: 1, failed: 1 });
    expect(run?.rows.find((r) => r.file === "b.pdf")?.error?.message).toMatch(/encrypted/);
    expect(fake.calls.filter((c) => c.method === "listDocuments").length).toBeGreaterThan(1);
  });

  it("stops the running import through abortImport and shows the files it never reached as stopped, not failed", async () => {
    const report = deferred<MethodResult<"importWithDialog">>();
    const fake = fakeApi({
      listCollections: () => [{ name: "Cases", documentCount: 0, createdAt: at }],
      listDocuments: () => [],
      importWithDialog: () => report.promise,
      abortImport: () => undefined,
    });
    const store = new LibraryStore(fake.api);
    await store.load();
    const importing = store.importWithDialog(false);
    const requestId = store.get().importRun?.requestId as string;
    fake.emit("importProgress", {
      kind: "started",
      requestId,
      file: "a.pdf",
      path: "/d/a.pdf",
      index: 0,
      total: 3,
    });
    await store.stopImport();
    expect(fake.calls.find((c) => c.method === "abortImport")?.args).toEqual({ requestId });
    expect(store.get().importRun?.stopping).toBe(true);
    // A second click while stopping asks nothing more.
    await store.stopImport();
    expect(fake.calls.filter((c) => c.method === "abortImport")).toHaveLength(1);

    const stopped = {
      code: "ABORTED" as const,
      message: '"c.pdf" was stopped before it was imported: import it again to add it.',
    };
    fake.emit("importProgress", {
      kind: "failed",
      requestId,
      file: "c.pdf",
      path: "/d/c.pdf",
      error: stopped,
    });
    expect(store.get().importRun?.rows.find((r) => r.file === "c.pdf")?.status).toBe("stopped");
    report.resolve({
      requestId,
      truncatedChunks: 0,
      results: [
        {
          file: "a.pdf",
          path: "/d/a.pdf",
          ok: true,
          documentId: "f".repeat(64),
          pages: 2,
          chunks: 3,
        },
        { file: "b.pdf", path: "/d/b.pdf", ok: false, error: { ...stopped, message: "b stopped" } },
        { file: "c.pdf", path: "/d/c.pdf", ok: false, error: stopped },
      ],
    });
    await importing;
    const run = store.get().importRun;
    expect(run).toMatchObject({
      finished: true,
      imported: 1,
      failed: 0,
      stopped: 2,
      stopping: false,
    });
    expect(run?.rows.map((r) => [r.file, r.status])).toEqual([
      ["a.pdf", "done"],
      ["c.pdf", "stopped"],
      ["b.pdf", "stopped"],
    ]);
    // Nothing runs any more: stopping again does not call the engine.
    await store.stopImport();
    expect(fake.calls.filter((c) => c.method === "abortImport")).toHaveLength(1);
  });

  it("shows nothing after the user cancels the import dialog", async () => {
    const fake = fakeApi({
      listCollections: () => [{ name: "Cases", documentCount: 0, createdAt: at }],
      listDocuments: () => [],
      importWithDialog: (args: MethodArgs<"importWithDialog">) => ({
        requestId: args.requestId,
        results: [],
        truncatedChunks: 0,
      }),
    });
    const store = new LibraryStore(fake.api);
    await store.load();
    await store.importWithDialog(true);
    expect(store.get().importRun).toBeNull();
    expect(fake.calls.find((c) => c.method === "importWithDialog")?.args).toMatchObject({
      collection: "Cases",
      folders: true,
    });
  });

  it("keeps the documents of the collection the user switched to when an older list arrives late", async () => {
    const slow = deferred<MethodResult<"listDocuments">>();
    const fake = fakeApi({
      listCollections: () => [
        { name: "A", documentCount: 1, createdAt: at },
        { name: "B", documentCount: 0, createdAt: at },
      ],
      listDocuments: (args: MethodArgs<"listDocuments">) =>
        args.collection === "A" ? slow.promise : [],
    });
    const store = new LibraryStore(fake.api);
    const loading = store.load();
    await Promise.resolve();
    await store.select("B");
    slow.resolve([{ id: "1".repeat(64) } as MethodResult<"listDocuments">[number]]);
    await loading;
    expect(store.get().current).toBe("B");
    expect(store.get().documents).toEqual([]);
  });

  it("explains a refused collection name and keeps the current collection", async () => {
    const fake = fakeApi({
      listCollections: () => [{ name: "A", documentCount: 0, createdAt: at }],
      listDocuments: () => [],
      createCollection: () => {
        throw new Error(
          "[INVALID_ARGUMENT] createCollection: name: Collection names cannot contain slashes or control characters.",
        );
      },
    });
    const store = new LibraryStore(fake.api);
    await store.load();
    expect(await store.create("a/b")).toBe(false);
    expect(store.get().error).toMatch(/cannot contain slashes/);
    expect(store.get().current).toBe("A");
  });

  it("says why when a collection was deleted elsewhere, and reloads the list instead of showing it", async () => {
    let collections: CollectionInfo[] = [
      { name: "Case 1", documentCount: 0, createdAt: at },
      { name: "Case 2", documentCount: 0, createdAt: at },
    ];
    const fake = fakeApi({
      listCollections: () => [...collections],
      listDocuments: (args: MethodArgs<"listDocuments">) => {
        if (!collections.some((c) => c.name === args.collection))
          throw new Error(
            `[COLLECTION_NOT_FOUND] There is no collection named "${args.collection}".`,
          );
        return [];
      },
    });
    const store = new LibraryStore(fake.api);
    await store.load();
    expect(store.get().current).toBe("Case 1");
    collections = collections.slice(1);
    await store.refreshDocuments();
    await vi.waitFor(() => expect(store.get().current).toBe("Case 2"));
    await vi.waitFor(() => expect(store.get().error).toMatch(/no collection named "Case 1"/));
  });

  it("shows a generic message, not the raw text, for an error with no code of ours", async () => {
    const fake = fakeApi({
      listCollections: () => [{ name: "Cases", documentCount: 0, createdAt: at }],
      listDocuments: () => {
        throw new Error("");
      },
    });
    const store = new LibraryStore(fake.api);
    await store.load();
    expect(store.get().error).toMatch(/Something went wrong/);
  });
});
