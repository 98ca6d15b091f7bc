/** The current collection's source folders and where their syncing stands (live, from events). */
import type { EnclaveApi } from "../../../shared/contract";
import type { SourceFolderStatus } from "../../../shared/types";
import { Store, errorMessage } from "./Store";

export interface SourceFoldersState {
  collection: string | null;
  folders: SourceFolderStatus[];
  error: string;
}

type SourceFoldersApi = Pick<
  EnclaveApi,
  "listSourceFolders" | "addSourceFolderWithDialog" | "removeSourceFolder" | "on"
>;

export class SourceFoldersStore extends Store<SourceFoldersState> {
  readonly #api: SourceFoldersApi;
  readonly #unsubscribe: () => void;

  constructor(api: SourceFoldersApi) {
    super({ collection: null, folders: [], error: "" });
    this.#api = api;
    this.#unsubscribe = api.on("sourceFolderStatus", (status) => {
      if (status.collection !== this.get().collection) return;
      this.set(({ folders }) => ({
        folders: folders.some((f) => f.id === status.id)
          ? folders.map((f) => (f.id === status.id ? status : f))
          : [...folders, status],
      }));
    });
  }

  dispose(): void {
    this.#unsubscribe();
  }

  async setCollection(collection: string | null): Promise<void> {
    this.set({ collection, folders: [], error: "" });
    if (collection === null) return;
    await this.#run(() => this.#api.listSourceFolders({ collection }));
  }

  /** Asks main for folders with a dialog; they import in the background and are followed. */
  async addWithDialog(): Promise<void> {
    const collection = this.get().collection;
    if (collection === null) return;
    await this.#run(() => this.#api.addSourceFolderWithDialog({ collection }));
  }

  async remove(id: string): Promise<void> {
    const collection = this.get().collection;
    try {
      await this.#api.removeSourceFolder({ id });
      if (collection !== null) await this.#run(() => this.#api.listSourceFolders({ collection }));
    } catch (error) {
      this.set({ error: errorMessage(error) });
    }
  }

  async #run(list: () => Promise<SourceFolderStatus[]>): Promise<void> {
    const collection = this.get().collection;
    try {
      const folders = await list();
      if (this.get().collection === collection) this.set({ folders, error: "" });
    } catch (error) {
      this.set({ error: errorMessage(error) });
    }
  }
}

/** One line for a folder's state, e.g. "Indexing 1,200 of 10,000 files, about 2 min left". */
export function describeFolderStatus(s: SourceFolderStatus): string {
  switch (s.state) {
    case "idle":
      return s.lastSyncAt === null ? "Waiting for its first pass" : "Up to date";
    case "scanning":
      return "Comparing with the library…";
    case "indexing": {
      const eta = s.etaSeconds === null ? "" : `, about ${formatEta(s.etaSeconds)} left`;
      return `Indexing ${s.done.toLocaleString()} of ${s.total.toLocaleString()} files${eta}`;
    }
    case "paused":
      return "Paused while your question is answered";
    case "missing":
    case "error":
      return s.message ?? "This folder cannot be read.";
  }
}

export function formatEta(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
