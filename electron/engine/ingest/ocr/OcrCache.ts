/**
 * OCR results kept in the data folder by page hash (SHA-256 of the page image, the languages and
 * the engine), so re-indexing a document, or importing a copy of a page, never runs OCR again.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { GrayImage, OcrPageResult } from "./types";

/** Changes whenever the engine, its data or the rendering would give different words. */
const ENGINE_TAG = "tesseract.js-core@7.0.0/eng-4.0.0_best_int/lstm/orient-v2";

export function pageHash(image: GrayImage, languages: readonly string[]): string {
  return createHash("sha256")
    .update(`${ENGINE_TAG}\n${languages.join("+")}\n${image.width}x${image.height}\n`)
    .update(image.data)
    .digest("hex");
}

function pathOf(dir: string, hash: string): string {
  return join(dir, hash.slice(0, 2), `${hash}.json`);
}

export async function readCachedOcr(
  dir: string | null,
  hash: string,
): Promise<OcrPageResult | null> {
  if (dir === null) return null;
  try {
    const value = JSON.parse(await readFile(pathOf(dir, hash), "utf8")) as OcrPageResult;
    return Array.isArray(value.words) ? value : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    // A torn or edited entry is only a cache miss: OCR runs again and rewrites it.
    return null;
  }
}

export async function writeCachedOcr(
  dir: string | null,
  hash: string,
  result: OcrPageResult,
): Promise<void> {
  if (dir === null) return;
  const path = pathOf(dir, hash);
  await mkdir(join(path, ".."), { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, JSON.stringify(result));
  await rename(tmp, path);
}
