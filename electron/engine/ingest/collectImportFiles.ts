import { readdir, realpath, stat } from "node:fs/promises";
import { basename, join, relative, resolve, isAbsolute } from "node:path";
import { claimedFormat } from "./sniffFormat";

/** Operating-system clutter never worth importing, by exact (lower-case) name. */
const SYSTEM_NAMES = new Set([
  "thumbs.db",
  "desktop.ini",
  ".ds_store",
  "$recycle.bin",
  "system volume information",
  "ehthumbs.db",
  "icon\r",
]);

function isSkippedName(name: string): boolean {
  const lower = name.toLowerCase();
  return name.startsWith(".") || name.startsWith("~$") || SYSTEM_NAMES.has(lower);
}

/** Whether `path` is `root` or lies inside it (both already resolved by realpath). */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** A link inside a chosen folder that resolves outside it: left out, and named in the report. */
export interface OutsideLink {
  /** The link's path inside the chosen folder. */
  path: string;
  /** Where it resolves to. */
  target: string;
}

export interface CollectedFiles {
  files: string[];
  /** Everything left out (hidden, system, unsupported, dangling and outside links), by path. */
  skipped: string[];
  /** Links (or junctions) that resolve outside the folder the user chose; also in `skipped`. */
  outside: OutsideLink[];
}

/**
 * Expands what the user picked or dropped into the files to import: files as given (except
 * system clutter), folders recursively, skipping hidden and system entries and, inside folders,
 * files whose extension Enclave does not import. Order is deterministic (paths in the order given,
 * folder entries sorted by name); symbolic-link loops and duplicates are visited once.
 *
 * Inside a chosen folder, a symbolic link (or junction) that resolves outside that folder is never
 * followed: choosing ~/Case must not import ~/.ssh through a link someone left in it. Such links
 * are listed in `outside` so the import can say why they were left out.
 */
export async function collectImportFiles(paths: string[]): Promise<CollectedFiles> {
  const files: string[] = [];
  const skipped: string[] = [];
  const outside: OutsideLink[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();

  const addFile = (path: string, real: string): void => {
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push(path);
  };

  const walk = async (dir: string, real: string, root: string): Promise<void> => {
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (isSkippedName(entry.name)) {
        skipped.push(path);
        continue;
      }
      let target: string;
      let isDir: boolean;
      let isFile: boolean;
      try {
        // Every entry, not only those that report as links: a Windows junction, or a folder
        // renamed and replaced by a link since readdir, must not lead out of the chosen folder.
        target = await realpath(path);
        const info = await stat(target);
        isDir = info.isDirectory();
        isFile = info.isFile();
      } catch {
        // A dangling link is reported as skipped rather than failing the whole folder.
        skipped.push(path);
        continue;
      }
      if (!isInside(root, target)) {
        skipped.push(path);
        outside.push({ path, target });
        continue;
      }
      if (isDir) await walk(path, target, root);
      else if (isFile && claimedFormat(path) !== null) addFile(path, target);
      else skipped.push(path);
    }
  };

  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path);
    const real = await realpath(path);
    if (info.isDirectory()) await walk(path, real, real);
    else if (info.isFile() && !isSkippedName(basename(path))) addFile(path, real);
    else skipped.push(path);
  }
  return { files, skipped, outside };
}
