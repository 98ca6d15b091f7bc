import { readdir, realpath, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
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

/**
 * Expands what the user picked or dropped into the files to import: files as given (except
 * system clutter), folders recursively, skipping hidden and system entries and, inside folders,
 * files whose extension Enclave does not import. Order is deterministic (paths in the order given,
 * folder entries sorted by name); symbolic-link loops and duplicates are visited once.
 * `skipped` lists what was left out, for the import report.
 */
export async function collectImportFiles(
  paths: string[],
): Promise<{ files: string[]; skipped: string[] }> {
  const files: string[] = [];
  const skipped: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();

  const addFile = async (path: string): Promise<void> => {
    const real = await realpath(path);
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push(path);
  };

  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir);
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
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(path);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch {
          // A dangling link is reported as skipped rather than failing the whole folder.
          skipped.push(path);
          continue;
        }
      }
      if (isDir) await walk(path);
      else if (isFile && claimedFormat(path) !== null) await addFile(path);
      else skipped.push(path);
    }
  };

  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path);
    if (info.isDirectory()) await walk(path);
    else if (info.isFile() && !isSkippedName(basename(path))) await addFile(path);
    else skipped.push(path);
  }
  return { files, skipped };
}
