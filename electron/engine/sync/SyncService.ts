/**
 * Keeps collections in step with their source folders in the background. Passes run one at a
 * time from a queue on disk (`sync/queue.json`: the folders owed a pass, written before the
 * pass starts and cleared after it ends), so a pass cut short by a quit or a crash runs again at
 * the next start; every folder also gets a pass at start, for changes made while the app was
 * closed. A pass imports in small slices and makes way for the user between files (UserPacing:
 * it waits while a question runs, and slows down while the user is asking), so questions keep
 * their speed; the status of each folder (with an ETA from the throughput measured in the pass)
 * goes out as `sourceFolderStatus` events.
 */
import path from "node:path";
import type { ImportReport, SourceFolderStatus, SyncReport } from "../../../shared/types";
import type { ImportPacing } from "../ingest/Importer";
import type { Store } from "../store/types";
import { readTextIfPresent } from "../support/readTextIfPresent";
import { SerialQueue } from "../support/serialQueue";
import { writeJsonAtomic } from "../support/writeJsonAtomic";
import { watchFolder, type Unwatch } from "./FolderWatcher";
import { UserPacing, type UserPacingOptions } from "./UserPacing";
import { reconcileFolder, type ReconcileDeps } from "./reconcileFolder";
import type { SourceFolder, SourceFolders } from "./SourceFolders";

export interface SyncServiceOptions {
  /** Imports, moves and deletions (bound to the engine's store, importer and `remove`). */
  library: {
    store: ReconcileDeps["store"] & Pick<Store, "refreshIndexes">;
    importPaths(
      collection: string,
      paths: string[],
      pacing: ImportPacing,
      signal?: AbortSignal,
    ): Promise<ImportReport>;
    removeDocument(collection: string, documentId: string): Promise<void>;
  };
  /** Milliseconds since the user's last question or search ended (0 while one runs). */
  userIdleMs(): number;
  /** How background passes make way for the user (UserPacing.ts); graceMs default 1,500. */
  pacing?: Omit<UserPacingOptions, "userIdleMs">;
  onStatus(status: SourceFolderStatus): void;
  /** Files per slice (between pauses and progress) in background passes. Default: 500. */
  sliceFiles?: number;
  /**
   * Files a background pass imports between index refreshes (each one a LanceDB optimize of
   * the whole chunks table, which cannot be paused once started); the rest are searched flat
   * meanwhile, and the pass refreshes at its end. Default: 500.
   */
  refreshFiles?: number;
  /** Wait after an event before the pass, so a burst of changes costs one pass, in ms. Default: 500. */
  debounceMs?: number;
}

export class SyncService {
  private readonly passes = new SerialQueue();
  private readonly status = new Map<string, SourceFolderStatus>();
  private readonly unwatch = new Map<string, Unwatch>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Folders with a background pass queued but not started. */
  private readonly waiting = new Set<string>();
  private owed = new Set<string>();
  private readonly stop = new AbortController();

  constructor(
    private readonly dataDir: string,
    private readonly folders: SourceFolders,
    private readonly options: SyncServiceOptions,
  ) {
    for (const f of folders.list()) this.status.set(f.id, idleStatus(f));
  }

  /** Watches every folder and queues a pass for each (changes made while closed, unfinished passes). */
  async start(): Promise<void> {
    const text = await readTextIfPresent(this.queueFile);
    const queued = text === null ? [] : (JSON.parse(text) as { owed: string[] }).owed;
    const all = this.folders.list();
    this.owed = new Set([...queued.filter((id) => this.folders.get(id)), ...all.map((f) => f.id)]);
    await this.saveQueue();
    for (const f of all) await this.watch(f);
    for (const id of this.owed) this.queuePass(id);
  }

  /** Adds a source folder to a collection, watches it, and queues its first pass. */
  async add(collection: string, folder: string, watch = true): Promise<SourceFolderStatus> {
    const added = await this.folders.add(collection, folder);
    if (!this.status.has(added.id)) this.status.set(added.id, idleStatus(added));
    if (watch) {
      await this.watch(added);
      await this.owe(added.id);
    }
    return this.status.get(added.id) as SourceFolderStatus;
  }

  /** Stops following a folder; its documents stay in the collection. */
  async remove(id: string): Promise<boolean> {
    await this.unwatch.get(id)?.();
    this.unwatch.delete(id);
    this.owed.delete(id);
    await this.saveQueue();
    this.status.delete(id);
    return this.folders.remove(id);
  }

  list(collection?: string): SourceFolderStatus[] {
    return [...this.status.values()].filter(
      (s) => collection === undefined || s.collection === collection,
    );
  }

  /** One pass over a folder now, in the foreground (the CLI's `sync`); the folder is added first. */
  async syncNow(collection: string, folder: string, signal?: AbortSignal): Promise<SyncReport> {
    const { id } = await this.add(collection, folder, false);
    return this.passes.run(() => this.pass(id, { foreground: true, signal }));
  }

  /** Resolves once every queued pass has run. */
  idle(): Promise<void> {
    return this.passes.idle();
  }

  async close(): Promise<void> {
    this.stop.abort();
    for (const t of this.timers.values()) clearTimeout(t);
    for (const u of this.unwatch.values()) await u().catch(() => undefined);
    this.unwatch.clear();
    await this.passes.idle();
  }

  private async watch(f: SourceFolder): Promise<void> {
    if (this.unwatch.has(f.id)) return;
    try {
      this.unwatch.set(
        f.id,
        await watchFolder(
          f.folder,
          () => void this.owe(f.id),
          (error) => this.update(f.id, { state: "error", message: error.message }),
        ),
      );
    } catch (error) {
      this.update(f.id, { state: "missing", message: missingMessage(f, error) });
    }
  }

  /** Records on disk that the folder is owed a pass, then queues it (debounced). */
  private async owe(id: string): Promise<void> {
    if (!this.owed.has(id)) {
      this.owed.add(id);
      await this.saveQueue();
    }
    clearTimeout(this.timers.get(id));
    this.timers.set(
      id,
      setTimeout(() => this.queuePass(id), this.options.debounceMs ?? 500),
    );
  }

  /** Queues a pass unless one for the folder is already waiting (a running one may miss changes). */
  private queuePass(id: string): void {
    this.timers.delete(id);
    if (this.waiting.has(id)) return;
    this.waiting.add(id);
    void this.passes
      .run(() => {
        this.waiting.delete(id);
        return this.pass(id, { foreground: false, signal: this.stop.signal });
      })
      .catch(() => undefined);
  }

  private async pass(
    id: string,
    { foreground, signal }: { foreground: boolean; signal?: AbortSignal },
  ): Promise<SyncReport> {
    const source = this.folders.get(id);
    if (source === undefined) throw new Error(`No source folder ${id}.`);
    this.update(id, { state: "scanning", done: 0, total: 0, message: null });
    const seen = await this.folders.snapshot(id);
    const pacing = new UserPacing({
      ...this.options.pacing,
      userIdleMs: () => this.options.userIdleMs(),
    });
    // Before each file, every few files hashed and each index refresh.
    const yieldToUser = (): Promise<void> =>
      pacing.step(signal, () => {
        const state = this.status.get(id)?.state;
        this.update(id, { state: "paused" });
        return () => {
          if (state !== undefined) this.update(id, { state });
        };
      });
    let started = 0;
    let unindexed = 0;
    // In the background the indexes are refreshed every `refreshFiles` files and at the end,
    // each time after making way for the user (UserPacing).
    const refresh = async (): Promise<void> => {
      if (unindexed === 0) return;
      await yieldToUser();
      unindexed = 0;
      await this.options.library.store.refreshIndexes();
    };
    try {
      const report = await reconcileFolder(source, {
        store: this.options.library.store,
        // In the background a pass makes way for the user before each file, and writes small
        // groups while the user is asking, so a question never waits long behind a write. Full
        // groups otherwise: fewer commits make a faster import (and LanceDB's state grows with
        // each commit of a connection; the store reconnects every 100 changes, LanceStore.ts).
        importPaths: async (paths) => {
          if (foreground) return this.options.library.importPaths(source.collection, paths, {});
          const report = await this.options.library.importPaths(
            source.collection,
            paths,
            {
              beforeFile: () => yieldToUser(),
              smallDocuments: { maxDocuments: () => (pacing.userActive ? 32 : 256) },
              refreshIndexes: false,
            },
            signal,
          );
          unindexed += paths.length;
          if (unindexed >= (this.options.refreshFiles ?? 500)) await refresh();
          return report;
        },
        removeDocument: (docId) => this.options.library.removeDocument(source.collection, docId),
        seen,
        saveSeen: () => this.folders.saveSnapshot(id, seen),
        signal,
        sliceFiles: foreground ? 500 : (this.options.sliceFiles ?? 500),
        pace: foreground ? undefined : () => yieldToUser(),
        beforeSlice: async () => {
          if (started === 0) started = performance.now();
          if (!foreground) await yieldToUser();
          this.update(id, { state: "indexing" });
        },
        onProgress: (done, total) => {
          const seconds = (performance.now() - started) / 1000;
          const rate = seconds > 0 ? done / seconds : null;
          this.update(id, {
            done,
            total,
            filesPerSecond: rate,
            etaSeconds: rate !== null && rate > 0 ? (total - done) / rate : null,
          });
        },
      });
      await refresh();
      if (signal?.aborted !== true) {
        this.owed.delete(id);
        await this.saveQueue();
      }
      this.update(id, {
        ...idleStatus(source),
        lastSyncAt: new Date().toISOString(),
        last: {
          added: report.added.length,
          updated: report.updated.length,
          renamed: report.renamed.length,
          removed: report.removed.length,
          failed: report.failed.length,
        },
      });
      return report;
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      this.update(id, {
        state: missing ? "missing" : "error",
        message: missing ? missingMessage(source, error) : (error as Error).message,
      });
      throw error;
    }
  }

  private update(id: string, change: Partial<SourceFolderStatus>): void {
    const current = this.status.get(id);
    if (current === undefined) return;
    const next = { ...current, ...change };
    this.status.set(id, next);
    this.options.onStatus(next);
  }

  private saveQueue(): Promise<void> {
    return writeJsonAtomic(this.queueFile, { owed: [...this.owed] });
  }

  private get queueFile(): string {
    return path.join(this.dataDir, "sync", "queue.json");
  }
}

function idleStatus(f: SourceFolder): SourceFolderStatus {
  return {
    id: f.id,
    collection: f.collection,
    folder: f.folder,
    state: "idle",
    done: 0,
    total: 0,
    filesPerSecond: null,
    etaSeconds: null,
    lastSyncAt: null,
    last: null,
    message: null,
  };
}

function missingMessage(f: SourceFolder, error: unknown): string {
  return `The folder ${f.folder} cannot be read (${(error as Error).message}): reconnect the drive or remove the folder from "${f.collection}".`;
}
