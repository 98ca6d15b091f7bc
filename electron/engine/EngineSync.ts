/**
 * The engine's source-folder methods (sync/), kept out of Engine.ts, which extends this class:
 * the services are held here, and the sync service is opened on first use, wired to the store,
 * the importer, `remove`'s real deletion (documentLifecycle.ts) and the user's activity.
 */
import type { MethodArgs } from "../../shared/contract";
import type { SourceFolderStatus, SyncReport } from "../../shared/types";
import { removeDocument } from "./documentLifecycle";
import type { EngineServices } from "./openEngineServices";
import { ReadOnlyStoreError } from "./store/LanceStore";
import { SourceFolders } from "./sync/SourceFolders";
import { SyncService } from "./sync/SyncService";

let syncRequests = 0;

export abstract class EngineSync {
  #sync: Promise<SyncService> | null = null;

  protected constructor(protected readonly s: EngineServices) {}

  async listSourceFolders({ collection }: MethodArgs<"listSourceFolders">) {
    return (await this.sync()).list(collection);
  }
  async removeSourceFolder({ id }: MethodArgs<"removeSourceFolder">) {
    return { removed: await (await this.sync()).remove(id) };
  }
  async addSourceFolder(args: { collection: string; folder: string }): Promise<SourceFolderStatus> {
    return (await this.sync()).add(args.collection, args.folder);
  }
  async syncFolder(
    args: { collection: string; folder: string },
    signal?: AbortSignal,
  ): Promise<SyncReport> {
    return (await this.sync()).syncNow(args.collection, args.folder, signal);
  }
  async startSync(): Promise<void> {
    await (await this.sync()).start();
  }

  /** Stops watching and waits for the pass in flight (it stops at its next slice), then the indexer. */
  protected async closeBackground(): Promise<void> {
    await (await this.#sync)?.close();
    await this.s.indexer.close();
  }

  private sync(): Promise<SyncService> {
    if (this.s.lock === null)
      return Promise.reject(
        new ReadOnlyStoreError(
          "This engine was opened read-only (another process may hold the data folder), so it cannot sync folders.",
        ),
      );
    return (this.#sync ??= this.openSync());
  }

  private async openSync(): Promise<SyncService> {
    const { s } = this;
    const folders = await SourceFolders.open(s.options.dataDir);
    return new SyncService(s.options.dataDir, folders, {
      library: {
        store: s.store,
        importPaths: (collection, paths, pacing, signal) =>
          s.importer.import(
            { collection, requestId: `sync-${++syncRequests}`, paths },
            (e) => s.events.emit("importProgress", e),
            signal,
            pacing,
          ),
        removeDocument: async (collection, documentId) => {
          await removeDocument(s, { collection, documentId });
        },
      },
      userIdleMs: () => s.activity.idleMs(),
      onStatus: (status) => s.events.emit("sourceFolderStatus", status),
    });
  }
}
