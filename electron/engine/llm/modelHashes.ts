/** Model identity: a fast id for every file, and full SHA-256 hashes (cached for the models list). */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { writeJsonAtomic } from "../support/writeJsonAtomic";
import { fileIdentity, hashFileWithIdentity } from "./ModelAllowList";

const MIB = 1024 * 1024;

/**
 * SHA-256 of the first and last MiB and the size: stable across copies and renames, and fast
 * even for 40 GB files (a full hash would take minutes at every start).
 */
export async function fastModelId(path: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const hash = createHash("sha256");
    const head = Buffer.alloc(Math.min(MIB, size));
    await handle.read(head, 0, head.length, 0);
    hash.update(head);
    if (size > MIB) {
      const tail = Buffer.alloc(Math.min(MIB, size - MIB));
      await handle.read(tail, 0, tail.length, size - tail.length);
      hash.update(tail);
    }
    hash.update(String(size));
    return hash.digest("hex");
  } finally {
    await handle.close();
  }
}

/** SHA-256 of the whole file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * MIB }))
    hash.update(chunk as Buffer);
  return hash.digest("hex");
}

interface CacheEntry {
  /** fileIdentity() when hashed: device, inode, size, mtime, ctime. */
  identity: string;
  sha256: string;
}

/**
 * Full-file hashes cached on disk by path and file identity, so the models list does not re-read
 * every file at every start. For display only: the file is the user's to write, so the allow-list
 * decision at load (ModelAllowList) never reads it.
 */
export class FullHashCache {
  private entries: Record<string, CacheEntry> = {};
  private dirty = false;

  private constructor(private readonly file: string) {}

  static async open(file: string): Promise<FullHashCache> {
    const cache = new FullHashCache(file);
    try {
      cache.entries = JSON.parse(await readFile(file, "utf8")) as Record<string, CacheEntry>;
    } catch (error) {
      // A missing or damaged cache only costs re-hashing.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" && !(error instanceof SyntaxError))
        throw error;
    }
    return cache;
  }

  async sha256(path: string): Promise<string> {
    const identity = fileIdentity(await stat(path, { bigint: true }));
    const hit = this.entries[path];
    if (hit && hit.identity === identity) return hit.sha256;
    const hashed = await hashFileWithIdentity(path);
    this.entries[path] = hashed;
    this.dirty = true;
    return hashed.sha256;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    await writeJsonAtomic(this.file, this.entries);
    this.dirty = false;
  }
}
