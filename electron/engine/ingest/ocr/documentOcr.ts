/**
 * Which pages of a document were read with OCR, kept in the data folder beside the OCR cache:
 * `<cache>/documents/<document id>.json` maps each OCR'd page to its mean confidence and cache
 * entry (words and boxes). Search results and the viewer read it; the LanceDB tables stay as
 * they are, so a library written before OCR existed needs no migration.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readCachedOcr } from "./OcrCache";
import type { OcrPageResult } from "./types";
import type { PageOcr } from "../types";

export type DocumentOcr = Record<string, PageOcr>;

function pathOf(cacheDir: string, documentId: string): string {
  return join(cacheDir, "documents", `${documentId}.json`);
}

export async function writeDocumentOcr(
  cacheDir: string,
  documentId: string,
  pages: DocumentOcr,
): Promise<void> {
  const path = pathOf(cacheDir, documentId);
  await mkdir(join(cacheDir, "documents"), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(pages));
  await rename(tmp, path);
}

/** The OCR'd pages of a document ({} for one read from its text layer alone). */
export async function readDocumentOcr(cacheDir: string, documentId: string): Promise<DocumentOcr> {
  if (!/^[0-9a-f]{64}$/.test(documentId)) return {};
  try {
    return JSON.parse(await readFile(pathOf(cacheDir, documentId), "utf8")) as DocumentOcr;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
}

/** The words and boxes of one OCR'd page, or null for a page read from its text layer. */
export async function readPageOcrResult(
  cacheDir: string,
  documentId: string,
  page: number,
): Promise<(OcrPageResult & PageOcr) | null> {
  const entry = (await readDocumentOcr(cacheDir, documentId))[String(page)];
  if (entry === undefined) return null;
  const result = await readCachedOcr(cacheDir, entry.hash);
  return result === null ? null : { ...result, ...entry };
}
