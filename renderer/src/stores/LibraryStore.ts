/** Collections, the current collection, its documents and the running import. */
import type { EnclaveApi } from "../../../shared/contract";
import type { CollectionInfo, DocumentInfo, ImportReport } from "../../../shared/types";
import { Store, describeFailure, errorMessage, newRequestId } from "./Store";
import {
  applyImportEvent,
  applyImportReport,
  newImportRun,
  type ImportRun,
} from "./importProgress";

export interface LibraryState {
  collections: CollectionInfo[];
  /** The collection chat, search and the library work on. */
  current: string | null;
  documents: DocumentInfo[];
  loadingDocuments: boolean;
  importRun: ImportRun | null;
  error: string;
}

export interface LibraryStoreOptions {
  /** Collection created on first start when there is none. Default: "My documents". */
  defaultCollection?: string;
  /** Clock for progress estimates. Default: Date.now. */
  now?: () => number;
}

type LibraryApi = Pick<
  EnclaveApi,
  | "listCollections"
  | "createCollection"
  | "renameCollection"
  | "deleteCollection"
  | "listDocuments"
  | "removeDocument"
  | "reindexDocument"
  | "importWithDialog"
  | "importDropped"
  | "importSample"
  | "abortImport"
  | "on"
>;

export class LibraryStore extends Store<LibraryState> {
  readonly #api: LibraryApi;
  readonly #defaultCollection: string;
  readonly #now: () => number;
  readonly #unsubscribe: () => void;

  constructor(api: LibraryApi, options: LibraryStoreOptions = {}) {
    super({
      collections: [],
      current: null,
      documents: [],
      loadingDocuments: false,
      importRun: null,
      error: "",
    });
    this.#api = api;
    this.#defaultCollection = options.defaultCollection ?? "My documents";
    this.#now = options.now ?? Date.now;
    this.#unsubscribe = api.on("importProgress", (event) => {
      const run = this.get().importRun;
      if (run !== null) this.set({ importRun: applyImportEvent(run, event) });
    });
  }

  dispose(): void {
    this.#unsubscribe();
  }

  async load(): Promise<void> {
    try {
      let collections = await this.#api.listCollections({});
      if (collections.length === 0) {
        await this.#api.createCollection({ name: this.#defaultCollection });
        collections = await this.#api.listCollections({});
      }
      const current = this.get().current;
      const keep = current !== null && collections.some((c) => c.name === current);
      this.set({
        collections,
        current: keep ? current : (collections[0]?.name ?? null),
        error: "",
      });
      await this.refreshDocuments();
    } catch (error) {
      this.set({ error: errorMessage(error) });
    }
  }

  async select(name: string): Promise<void> {
    if (name === this.get().current) return;
    this.set({ current: name, documents: [], importRun: null });
    await this.refreshDocuments();
  }

  async refreshDocuments(): Promise<void> {
    const current = this.get().current;
    if (current === null) return;
    this.set({ loadingDocuments: true });
    try {
      const documents = await this.#api.listDocuments({ collection: current });
      // A slow answer for a collection the user already left must not overwrite the new one.
      if (this.get().current === current) this.set({ documents, error: "" });
    } catch (error) {
      this.#fail(error);
    } finally {
      this.set({ loadingDocuments: false });
    }
  }

  async create(name: string): Promise<boolean> {
    try {
      const created = await this.#api.createCollection({ name });
      this.set({ collections: await this.#api.listCollections({}), error: "" });
      await this.select(created.name);
      return true;
    } catch (error) {
      this.#fail(error);
      return false;
    }
  }

  async rename(from: string, to: string): Promise<boolean> {
    try {
      const renamed = await this.#api.renameCollection({ from, to });
      const collections = await this.#api.listCollections({});
      this.set({
        collections,
        current: this.get().current === from ? renamed.name : this.get().current,
        error: "",
      });
      return true;
    } catch (error) {
      this.#fail(error);
      return false;
    }
  }

  async remove(name: string): Promise<number | null> {
    try {
      const { removedDocuments } = await this.#api.deleteCollection({ name });
      if (this.get().current === name) this.set({ current: null });
      await this.load();
      return removedDocuments;
    } catch (error) {
      this.#fail(error);
      return null;
    }
  }

  importWithDialog(folders: boolean): Promise<void> {
    return this.#runImport((collection, requestId) =>
      this.#api.importWithDialog({ collection, requestId, folders }),
    );
  }

  importDropped(files: readonly unknown[]): Promise<void> {
    if (files.length === 0) return Promise.resolve();
    return this.#runImport((collection, requestId) =>
      this.#api.importDropped({ collection, requestId, files }),
    );
  }

  /** Imports Enclave's own user guide into the current collection: the first-run sample. */
  importSample(): Promise<void> {
    return this.#runImport((collection, requestId) =>
      this.#api.importSample({ collection, requestId }),
    );
  }

  /**
   * Stops the running import: the file in flight is abandoned (nothing of it is kept), files
   * already imported stay, and the rest show as stopped when the import's report comes back.
   */
  async stopImport(): Promise<void> {
    const run = this.get().importRun;
    if (run === null || run.finished || run.stopping) return;
    this.set({ importRun: { ...run, stopping: true } });
    try {
      await this.#api.abortImport({ requestId: run.requestId });
    } catch (error) {
      this.#fail(error);
      const now = this.get().importRun;
      if (now?.requestId === run.requestId) this.set({ importRun: { ...now, stopping: false } });
    }
  }

  dismissImport(): void {
    this.set({ importRun: null });
  }

  async removeDocument(documentId: string): Promise<void> {
    const collection = this.get().current;
    if (collection === null) return;
    try {
      await this.#api.removeDocument({ collection, documentId });
      this.set({ collections: await this.#api.listCollections({}) });
      await this.refreshDocuments();
    } catch (error) {
      this.#fail(error);
    }
  }

  async reindex(documentId: string): Promise<void> {
    try {
      const updated = await this.#api.reindexDocument({ documentId });
      this.set((s) => ({
        documents: s.documents.map((d) => (d.id === documentId ? updated : d)),
        error: "",
      }));
    } catch (error) {
      this.#fail(error);
    }
  }

  async #runImport(
    start: (collection: string, requestId: string) => Promise<ImportReport>,
  ): Promise<void> {
    const collection = this.get().current;
    if (collection === null) {
      this.set({ error: "Create or choose a collection first, then import into it." });
      return;
    }
    const requestId = newRequestId("import");
    this.set({ importRun: newImportRun(requestId, this.#now()), error: "" });
    let failure = "";
    try {
      const report = await start(collection, requestId);
      const run = this.get().importRun;
      if (run?.requestId === requestId) {
        // A cancelled dialog returns no results: nothing happened, so show nothing.
        this.set({
          importRun:
            report.results.length === 0 && run.rows.length === 0
              ? null
              : applyImportReport(run, report),
        });
      }
    } catch (error) {
      this.#fail(error);
      failure = this.get().error;
      const run = this.get().importRun;
      if (run?.requestId === requestId && run.rows.length === 0) this.set({ importRun: null });
    }
    this.set({
      collections: await this.#api.listCollections({}).catch(() => this.get().collections),
    });
    await this.refreshDocuments();
    // The refresh clears the message on success: keep saying why the import failed.
    if (failure !== "" && this.get().error === "") this.set({ error: failure });
  }

  /** Shows why a call failed; when the item changed under the view (removed elsewhere), reloads the lists. */
  #fail(error: unknown): void {
    const failure = describeFailure(error);
    this.set({ error: failure.message });
    // The reload clears the message on success: put the reason back so the user sees why the view changed.
    if (failure.kind === "stale")
      void this.load().then(() => this.get().error === "" && this.set({ error: failure.message }));
  }
}
