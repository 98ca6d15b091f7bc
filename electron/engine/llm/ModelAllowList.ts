/**
 * Policy AllowedModelHashes, decided when a model is loaded: every file llama.cpp will read (all
 * parts of a split model) is hashed then, from an open handle, never taken from a cache on disk;
 * the files' identity (device, inode, size, mtime, ctime) must be the same before the hash, after
 * it, and after the load, or the model is refused. The runtime loads with mmap off under an
 * allow-list, so once loaded, the weights in memory are the bytes that were read and later writes
 * to the file cannot change them. Residual risk (a swap at the exact moment of the load, and
 * Windows, where a file's owner can set its change time) is described in resources/ADMIN.md.
 */
import { createHash } from "node:crypto";
import type { BigIntStats } from "node:fs";
import { open, realpath, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ModelNotAllowedError } from "./errors";

const MIB = 1024 * 1024;

// llama.cpp's own naming (llama_split_path: "%s-%05d-of-%05d.gguf"); it opens the other parts by
// this name, beside the first, when the first part's metadata says the model is split.
const SPLIT_PART = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/;

/** Every file llama.cpp may read for the model at `path`: the file itself, or all parts of a split model. */
export function modelParts(path: string): string[] {
  const match = SPLIT_PART.exec(basename(path));
  if (!match) return [path];
  const count = Number(match[3]);
  if (count <= 1) return [path];
  const width = match[3]!.length;
  return Array.from({ length: count }, (_, i) =>
    join(dirname(path), `${match[1]!}-${String(i + 1).padStart(width, "0")}-of-${match[3]!}.gguf`),
  );
}

/** What changes when a file's bytes or its place change: device, inode, size, mtime, ctime (ns). */
export function fileIdentity(s: BigIntStats): string {
  return [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(":");
}

/** SHA-256 of the whole file read through one handle, with its identity before and after. */
export async function hashFileWithIdentity(
  path: string,
): Promise<{ sha256: string; identity: string }> {
  const handle = await open(path, "r");
  try {
    const before = fileIdentity(await handle.stat({ bigint: true }));
    const hash = createHash("sha256");
    // Streamed in 1 MiB pieces (a few ms of hashing each): the event loop, and the window, keep
    // running while gigabytes are read.
    for await (const chunk of handle.createReadStream({
      highWaterMark: MIB,
      start: 0,
      autoClose: false,
    }))
      hash.update(chunk as Buffer);
    const after = fileIdentity(await handle.stat({ bigint: true }));
    // The handle's file must still be the one at `path`, or a load by path would read another file.
    const atPath = fileIdentity(await stat(path, { bigint: true }));
    if (before !== after || after !== atPath) throw new ModelChangedError(path);
    return { sha256: hash.digest("hex"), identity: before };
  } finally {
    await handle.close();
  }
}

/** A file changed while it was being hashed or loaded; refused like a model off the list. */
export class ModelChangedError extends ModelNotAllowedError {
  constructor(path: string) {
    super(
      path,
      "It changed while it was being checked or loaded, so the bytes loaded may not be the bytes approved.",
    );
  }
}

/** A model that passed the allow-list: the path to load and what each part was when hashed. */
export interface CheckedModel {
  /** The first part, symlinks resolved: load exactly this path. */
  path: string;
  parts: { path: string; identity: string; sha256: string }[];
}

export interface ModelAllowListOptions {
  /**
   * Reuse this process's own hash of a part whose identity (device, inode, size, mtime, ctime) is
   * unchanged since it was hashed. Default: true, except on Windows, where a file's owner can set
   * its change time, so an unchanged identity proves nothing there.
   */
  reuseHashes?: boolean;
}

export class ModelAllowList {
  private readonly allowed: ReadonlySet<string> | null;
  private readonly reuse: boolean;
  /** Hashes this process took, by real path; never read from or written to disk. */
  private readonly hashed = new Map<string, { identity: string; sha256: string }>();

  /** `allowedHashes`: full-file SHA-256 (hex, any case); null means every model is allowed. */
  constructor(allowedHashes: readonly string[] | null, options: ModelAllowListOptions = {}) {
    this.allowed =
      allowedHashes === null ? null : new Set(allowedHashes.map((h) => h.toLowerCase()));
    this.reuse = options.reuseHashes ?? process.platform !== "win32";
  }

  /** Whether policy restricts models at all. */
  get enforced(): boolean {
    return this.allowed !== null;
  }

  /**
   * Hashes every part of the model at `path` now and throws ModelNotAllowedError unless each
   * part's SHA-256 is on the list. Returns null when no list is enforced (nothing to check).
   */
  async check(path: string): Promise<CheckedModel | null> {
    if (this.allowed === null) return null;
    const first = await realpath(path);
    const names = modelParts(first);
    const parts: CheckedModel["parts"] = [];
    for (const [i, part] of names.entries()) {
      const which = names.length > 1 ? `Part ${i + 1} of ${names.length} (${basename(part)})` : "";
      let hashed;
      try {
        hashed = await this.hash(part);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT" && names.length > 1)
          throw new ModelNotAllowedError(path, `${which} is missing.`);
        throw error;
      }
      if (!this.allowed.has(hashed.sha256))
        throw new ModelNotAllowedError(
          path,
          `${which || "The file"} has SHA-256 ${hashed.sha256}, which is not on your organisation's list of approved models.`,
        );
      parts.push({ path: part, ...hashed });
    }
    return { path: first, parts };
  }

  /** Throws ModelChangedError when any part is no longer the file that was hashed (call after the load). */
  async confirmUnchanged(checked: CheckedModel): Promise<void> {
    for (const part of checked.parts) {
      let now: string;
      try {
        now = fileIdentity(await stat(part.path, { bigint: true }));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        now = "gone";
      }
      if (now !== part.identity) {
        this.hashed.delete(part.path);
        throw new ModelChangedError(checked.path);
      }
    }
  }

  private async hash(path: string): Promise<{ identity: string; sha256: string }> {
    if (this.reuse) {
      const known = this.hashed.get(path);
      if (known && known.identity === fileIdentity(await stat(path, { bigint: true })))
        return known;
    }
    const hashed = await hashFileWithIdentity(path);
    if (this.reuse) this.hashed.set(path, hashed);
    return hashed;
  }
}
