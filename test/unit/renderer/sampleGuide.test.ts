import { describe, expect, it } from "vitest";
import { hasSampleGuide, libraryIsEmpty } from "../../../renderer/src/lib/sampleGuide";
import { LibraryStore } from "../../../renderer/src/stores/LibraryStore";
import type { MethodArgs } from "../../../shared/contract";
import { SAMPLE_GUIDE_FILE } from "../../../shared/sampleGuide";
import type { DocumentInfo } from "../../../shared/types";
import { fakeApi } from "./fakeApi";

const at = "2026-01-01T00:00:00Z";
const guide: DocumentInfo = {
  id: "b".repeat(64),
  title: "Enclave user guide",
  file: SAMPLE_GUIDE_FILE,
  path: `/data/guide/${SAMPLE_GUIDE_FILE}`,
  format: "pdf",
  pages: 9,
  chunks: 23,
  bytes: 10_000,
  collections: ["My documents"],
  status: "ready",
  importedAt: at,
  language: "en",
};

describe("the first-run sample in the renderer", () => {
  it("imports the guide into the current collection and lists it once the import is done", async () => {
    let imported = false;
    const fake = fakeApi({
      listCollections: () => [
        { name: "My documents", documentCount: imported ? 1 : 0, createdAt: at },
      ],
      listDocuments: () => (imported ? [guide] : []),
      importSample: (args: MethodArgs<"importSample">) => {
        imported = true;
        return {
          requestId: args.requestId,
          results: [{ file: guide.file, path: guide.path, ok: true, pages: 9, chunks: 23 }],
          truncatedChunks: 0,
        };
      },
    });
    const store = new LibraryStore(fake.api);
    await store.load();
    expect(libraryIsEmpty(store.get().collections)).toBe(true);
    expect(hasSampleGuide(store.get().documents)).toBe(false);

    await store.importSample();
    const call = fake.calls.find((c) => c.method === "importSample");
    expect(call?.args).toMatchObject({ collection: "My documents" });
    expect(store.get().importRun).toMatchObject({ finished: true, imported: 1, failed: 0 });
    expect(hasSampleGuide(store.get().documents)).toBe(true);
    expect(libraryIsEmpty(store.get().collections)).toBe(false);
  });

  it("shows why the guide could not be imported", async () => {
    const fake = fakeApi({
      listCollections: () => [{ name: "My documents", documentCount: 0, createdAt: at }],
      listDocuments: () => [],
      importSample: () => {
        throw new Error("[NOT_FOUND] Enclave's user guide is missing. Reinstall Enclave.");
      },
    });
    const store = new LibraryStore(fake.api);
    await store.load();
    await store.importSample();
    expect(store.get().error).toBe("Enclave's user guide is missing. Reinstall Enclave.");
    expect(hasSampleGuide(store.get().documents)).toBe(false);
  });
});
