/** The files of a pack folder and their SHA-256, read as streams (packs hold gigabytes). */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";

/** A file under the pack folder, by its relative POSIX path; `regular` false for links and devices. */
export interface ListedFile {
  path: string;
  bytes: number;
  mtimeMs: number;
  regular: boolean;
}

/** Every non-directory entry under `root`, sorted by path; links are listed, never followed. */
export async function listPackFiles(root: string): Promise<ListedFile[]> {
  const out: ListedFile[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true });
    for (const e of entries) {
      const child = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(child);
      else {
        const info = await lstat(path.join(root, child));
        out.push({ path: child, bytes: info.size, mtimeMs: info.mtimeMs, regular: info.isFile() });
      }
    }
  };
  await walk("");
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 22 }))
    hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Runs `work` over `items`, at most `parallel` at a time, results in order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, lane));
  return results;
}
