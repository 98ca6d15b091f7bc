import { readFile } from "node:fs/promises";

/** A UTF-8 file's text, or null when the file does not exist; any other read error is thrown. */
export async function readTextIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
