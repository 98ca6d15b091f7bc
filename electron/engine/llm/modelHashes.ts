/** Model identity: a fast id for every file, and full SHA-256 hashes (cached) for allow-lists. */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { writeJsonAtomic } from "../support/writeJsonAtomic";

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
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** Full-file hashes cached on disk by (path, size, mtime), so each file is read in full once. */
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
    const { size, mtimeMs } = await stat(path);
    const hit = this.entries[path];
    if (hit && hit.size === size && hit.mtimeMs === mtimeMs) return hit.sha256;
    const sha256 = await sha256File(path);
    this.entries[path] = { size, mtimeMs, sha256 };
    this.dirty = true;
    return sha256;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    await writeJsonAtomic(this.file, this.entries);
    this.dirty = false;
  }
}
