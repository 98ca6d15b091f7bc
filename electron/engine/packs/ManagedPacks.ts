/**
 * The packs IT deployed into the managed libraries folder (policy ManagedLibrariesDirectory),
 * each opened read-only after it verified. Versions: every pack folder holds one version; among
 * the folders of one pack name, the newest that verifies is used. A new version is verified
 * beside the one in use, and only then swapped in (searches already running finish on the old
 * one), so the previous version stays usable until the new one is proven. A folder that failed
 * is not hashed again until its files change.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { LanceStore } from "../store/LanceStore";
import { SerialQueue } from "../support/serialQueue";
import { PackRefusedError } from "./errors";
import { LIBRARY_FOLDER, MANIFEST_FILE, type PackManifest } from "./packManifest";
import { listPackFiles } from "./packFiles";
import { readPackManifest, verifyPack } from "./verifyPack";

export interface ManagedPacksOptions {
  /** The managed libraries folder; null: no packs. Required. */
  directory: string | null;
  /**
   * Path of IT's public key (PEM); packs must be signed with its private key. "" (an invalid
   * policy value): every pack is refused. Default: null (signatures not required).
   */
  publicKeyFile?: string | null;
  /** Told each refusal and each version switch, in words for the user. Default: none. */
  onNotice?: (message: string) => void;
  /** Files hashed at once when verifying. Default: 4. */
  parallel?: number;
}

/** A verified pack, open read-only. */
export interface MountedPack {
  dir: string;
  manifest: PackManifest;
  store: LanceStore;
}

export class ManagedPacks {
  private mounted = new Map<string, MountedPack>();
  /** Versions swapped out: closed with the engine, since a search may still be reading them. */
  private readonly retired: MountedPack[] = [];
  /** Folder -> fingerprint of its files when it was refused. */
  private readonly failed = new Map<string, string>();
  /** Collection -> why the pack that names it was refused (while no version of it is in use). */
  private refusals = new Map<string, PackRefusedError>();
  private readonly queue = new SerialQueue();

  private constructor(private readonly options: ManagedPacksOptions) {}

  static async open(options: ManagedPacksOptions): Promise<ManagedPacks> {
    const packs = new ManagedPacks(options);
    await packs.refresh();
    return packs;
  }

  /** The packs in use now: a snapshot that a later switch does not change. */
  current(): MountedPack[] {
    return [...this.mounted.values()];
  }

  /** The pack in use that holds this collection, if any. */
  holding(collection: string): MountedPack | undefined {
    return this.current().find((p) => p.manifest.collections.includes(collection));
  }

  /** Why the collection's pack was refused, when a refused pack names it and none in use holds it. */
  refusal(collection: string): PackRefusedError | undefined {
    return this.holding(collection) === undefined ? this.refusals.get(collection) : undefined;
  }

  /** Looks for new versions (and removed folders); verifies and switches. One refresh at a time. */
  refresh(): Promise<void> {
    return this.queue.run(() => this.scan());
  }

  async close(): Promise<void> {
    await this.queue.idle();
    for (const p of [...this.mounted.values(), ...this.retired]) await p.store.close();
    this.mounted.clear();
    this.retired.length = 0;
  }

  private async scan(): Promise<void> {
    const { directory } = this.options;
    if (directory === null || !existsSync(directory)) return;
    const candidates = await this.candidates(directory).catch((error: unknown) => {
      this.options.onNotice?.(
        `The managed libraries folder ${directory} cannot be read (${String(error)}); managed libraries already open stay in use.`,
      );
      return [];
    });
    const refusals = new Map<string, PackRefusedError>();
    for (const [name, mounted] of this.mounted)
      if (!existsSync(path.join(mounted.dir, MANIFEST_FILE))) this.retire(name);
    const byName = new Map<string, typeof candidates>();
    for (const c of candidates)
      byName.set(c.manifest.name, [...(byName.get(c.manifest.name) ?? []), c]);
    for (const [name, versions] of byName) {
      versions.sort((a, b) => b.manifest.version - a.manifest.version);
      for (const candidate of versions) {
        const inUse = this.mounted.get(name);
        if (inUse !== undefined && candidate.manifest.version <= inUse.manifest.version) break;
        const fingerprint = await fingerprintOf(candidate.dir);
        const refused = this.failed.get(candidate.dir);
        if (refused === fingerprint) continue;
        try {
          await this.mount(candidate.dir);
          this.failed.delete(candidate.dir);
          break;
        } catch (error) {
          this.failed.set(candidate.dir, fingerprint);
          const refusal =
            error instanceof PackRefusedError
              ? error
              : new PackRefusedError(candidate.dir, `it cannot be opened (${String(error)})`);
          for (const c of candidate.manifest.collections) refusals.set(c, refusal);
          this.options.onNotice?.(refusal.message);
        }
      }
    }
    // A refusal already told stays known (its folder is skipped until it changes).
    for (const [c, m] of this.refusals) if (!refusals.has(c)) refusals.set(c, m);
    this.refusals = refusals;
  }

  private async candidates(directory: string): Promise<{ dir: string; manifest: PackManifest }[]> {
    const out: { dir: string; manifest: PackManifest }[] = [];
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const dir = path.join(directory, entry.name);
      if (!entry.isDirectory() || !existsSync(path.join(dir, MANIFEST_FILE))) continue;
      const inUse = this.current().find((m) => m.dir === dir);
      if (inUse !== undefined) {
        out.push({ dir, manifest: inUse.manifest });
        continue;
      }
      try {
        out.push({ dir, ...(await readPackManifest(dir)) });
      } catch (error) {
        const fingerprint = await fingerprintOf(dir);
        if (this.failed.get(dir) === fingerprint) continue;
        this.failed.set(dir, fingerprint);
        this.options.onNotice?.(error instanceof Error ? error.message : String(error));
      }
    }
    return out;
  }

  private async mount(dir: string): Promise<void> {
    const verified = await verifyPack(dir, {
      publicKey: await this.publicKey(dir),
      parallel: this.options.parallel,
    });
    const { manifest } = verified;
    const clash = this.current().find(
      (p) =>
        p.manifest.name !== manifest.name &&
        p.manifest.collections.some((c) => manifest.collections.includes(c)),
    );
    if (clash !== undefined)
      throw new PackRefusedError(
        dir,
        `its collection names are already used by the pack "${clash.manifest.name}" in ${clash.dir}`,
      );
    const store = await LanceStore.open(path.join(dir, LIBRARY_FOLDER), {
      access: "read",
      readVersion: "opened",
    });
    const previous = this.mounted.get(manifest.name);
    this.mounted = new Map(this.mounted).set(manifest.name, { dir, manifest, store });
    if (previous !== undefined) {
      this.retired.push(previous);
      this.options.onNotice?.(
        `The managed library "${manifest.name}" was updated to version ${manifest.version} (from ${previous.manifest.version}).`,
      );
    }
  }

  private retire(name: string): void {
    const pack = this.mounted.get(name);
    if (pack === undefined) return;
    this.retired.push(pack);
    const next = new Map(this.mounted);
    next.delete(name);
    this.mounted = next;
  }

  private async publicKey(dir: string): Promise<string | null> {
    const file = this.options.publicKeyFile ?? null;
    if (file === null) return null;
    if (file === "")
      throw new PackRefusedError(
        dir,
        "policy ManagedLibrariesPublicKey is set but invalid, so no signature can be checked",
      );
    return readFile(file, "utf8").catch((error: unknown) => {
      throw new PackRefusedError(
        dir,
        `the public key named by policy ManagedLibrariesPublicKey (${file}) cannot be read (${String(error)})`,
      );
    });
  }
}

/** Paths, sizes and times of a folder's files: a refused folder is checked again once it changes. */
async function fingerprintOf(dir: string): Promise<string> {
  const files = await listPackFiles(dir).catch(() => []);
  const manifest = await stat(path.join(dir, MANIFEST_FILE)).catch(() => null);
  return JSON.stringify([manifest?.mtimeMs ?? 0, files.map((f) => [f.path, f.bytes, f.mtimeMs])]);
}
