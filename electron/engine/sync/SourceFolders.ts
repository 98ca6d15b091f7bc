/**
 * engine/sync — collections kept in step with folders on disk: the folders each collection
 * follows (this file), the pass that compares a folder with the library (reconcileFolder), the
 * native watcher (FolderWatcher) and the background service that runs passes, throttled and
 * yielding to questions, with a queue on disk (SyncService). Layer: above ingest and store;
 * deletion across conversations and the audit log is passed in from the engine's root.
 *
 * The folders a collection follows, in `<dataDir>/sync/folders.json`, and for each folder the
 * size, modification time and hash of every file seen at its last pass
 * (`sync/snapshots/<id>.json`), so a pass hashes only files whose size or time changed.
 */
import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { readTextIfPresent } from "../support/readTextIfPresent";
import { writeJsonAtomic } from "../support/writeJsonAtomic";

export interface SourceFolder {
  id: string;
  collection: string;
  /** Absolute path. */
  folder: string;
  addedAt: string;
}

/** What a pass saw of one file: [size in bytes, mtime in ms, document id]. */
export type SeenFile = [size: number, mtimeMs: number, id: string];

export class SourceFolders {
  private constructor(
    private readonly dir: string,
    private folders: SourceFolder[],
  ) {}

  static async open(dataDir: string): Promise<SourceFolders> {
    const dir = path.join(dataDir, "sync");
    const text = await readTextIfPresent(path.join(dir, "folders.json"));
    const folders = text === null ? [] : (JSON.parse(text) as { folders: SourceFolder[] }).folders;
    return new SourceFolders(dir, folders);
  }

  list(): SourceFolder[] {
    return [...this.folders];
  }

  get(id: string): SourceFolder | undefined {
    return this.folders.find((f) => f.id === id);
  }

  /** Adds a folder to a collection (no-op when it is already there); returns it. */
  async add(collection: string, folder: string): Promise<SourceFolder> {
    const absolute = path.resolve(folder);
    const id = folderId(collection, absolute);
    const known = this.get(id);
    if (known !== undefined) return known;
    const added = { id, collection, folder: absolute, addedAt: new Date().toISOString() };
    await this.save([...this.folders, added]);
    return added;
  }

  /** Stops following a folder (its documents stay in the collection). */
  async remove(id: string): Promise<boolean> {
    if (this.get(id) === undefined) return false;
    await this.save(this.folders.filter((f) => f.id !== id));
    await rm(this.snapshotFile(id), { force: true });
    return true;
  }

  /** Files seen at the folder's last pass, by absolute path. */
  async snapshot(id: string): Promise<Map<string, SeenFile>> {
    const text = await readTextIfPresent(this.snapshotFile(id));
    if (text === null) return new Map();
    try {
      return new Map(Object.entries(JSON.parse(text) as Record<string, SeenFile>));
    } catch {
      // Only a cache: a torn one costs one pass of hashing, nothing else.
      return new Map();
    }
  }

  saveSnapshot(id: string, seen: Map<string, SeenFile>): Promise<void> {
    return writeJsonAtomic(this.snapshotFile(id), Object.fromEntries(seen));
  }

  private async save(folders: SourceFolder[]): Promise<void> {
    await writeJsonAtomic(path.join(this.dir, "folders.json"), { folders });
    this.folders = folders;
  }

  private snapshotFile(id: string): string {
    return path.join(this.dir, "snapshots", `${id}.json`);
  }
}

export function folderId(collection: string, folder: string): string {
  return createHash("sha256").update(`${collection}\0${folder}`).digest("hex").slice(0, 16);
}
