/** Finds GGUF files in a folder tree, including extensionless ones (Ollama's blobs). */
import { readdir } from "node:fs/promises";
import { extname, join } from "node:path";
import { hasGgufMagic } from "./inspectGguf";

export interface FindModelFilesOptions {
  /** How many folder levels below `dir` to search (LM Studio nests publisher/model/file). Default: 4. */
  maxDepth?: number;
}

// Only the first part of a split model is a model; llama.cpp finds the other parts itself.
const SPLIT_PART = /-(\d+)-of-\d+\.gguf$/i;
const isLaterSplitPart = (name: string): boolean => Number(SPLIT_PART.exec(name)?.[1] ?? 1) > 1;

/** Paths of GGUF files under `dir`, sorted; a missing or unreadable folder yields none. */
export async function findModelFiles(
  dir: string,
  options: FindModelFilesOptions = {},
): Promise<string[]> {
  const maxDepth = options.maxDepth ?? 4;
  const found: string[] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR" || code === "EACCES" || code === "EPERM") return;
      throw error;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (depth < maxDepth && !entry.name.startsWith(".")) await walk(path, depth + 1);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        const ext = extname(entry.name).toLowerCase();
        if (ext === ".gguf") {
          if (!isLaterSplitPart(entry.name)) found.push(path);
        } else if (ext === "" && !entry.name.startsWith(".") && (await hasGgufMagicSafe(path))) {
          found.push(path);
        }
      }
    }
  };
  await walk(dir, 0);
  return found;
}

async function hasGgufMagicSafe(path: string): Promise<boolean> {
  try {
    return await hasGgufMagic(path);
  } catch (error) {
    // Unreadable or vanished files are simply not models.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EACCES" || code === "EPERM" || code === "EISDIR")
      return false;
    throw error;
  }
}
