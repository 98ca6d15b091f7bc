import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { afterAll, beforeAll } from "vitest";
import { ImportError } from "../../../electron/engine/ingest/ImportError";
import { parseDocument, type ParseOptions } from "../../../electron/engine/ingest/parseDocument";
import { PdfWorkerPool } from "../../../electron/engine/ingest/PdfWorkerPool";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ParsedDocument, ParsedPage } from "../../../electron/engine/ingest/types";

/** A temp folder per test file; files written into it are removed afterwards. */
export async function tempDir(prefix = "enclave-ingest-"): Promise<{
  dir: string;
  write: (name: string, data: Uint8Array | string) => Promise<string>;
  remove: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    write: async (name, data) => {
      const path = join(dir, name);
      await writeFile(path, data);
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function allPages(doc: ParsedDocument): Promise<ParsedPage[]> {
  const pages: ParsedPage[] = [];
  for await (const p of doc.pages) pages.push(p);
  return pages;
}

/** Parses the file completely and returns the ImportError it failed with. */
export async function parseFailure(path: string, options: ParseOptions): Promise<ImportError> {
  try {
    await allPages(await parseDocument(path, options));
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error(`${path} was imported, but a failure was expected`);
}

/** Per test file: a temp folder and a two-worker PDF pool, both released after the file's tests. */
export function useTempDirAndPool(): {
  tmp: () => Awaited<ReturnType<typeof tempDir>>;
  pool: () => PdfWorkerPool;
  /** Writes `data` as `name` in the temp folder and parses it to its last page. */
  parseFile: (
    name: string,
    data: Uint8Array | string,
    attachmentsDir?: string,
  ) => Promise<{ doc: ParsedDocument; pages: ParsedPage[] }>;
} {
  let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
  let pool: PdfWorkerPool | undefined;
  beforeAll(async () => {
    tmp = await tempDir();
    pool = new PdfWorkerPool({ size: 2 });
  });
  afterAll(async () => {
    await pool?.dispose();
    await tmp?.remove();
  });
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error("useTempDirAndPool() is only ready inside tests.");
    return v;
  };
  const parseFile = async (
    name: string,
    data: Uint8Array | string,
    attachmentsDir?: string,
  ): Promise<{ doc: ParsedDocument; pages: ParsedPage[] }> => {
    const path = await need(tmp).write(name, data);
    const doc = await parseDocument(path, { pool: need(pool), attachmentsDir });
    return { doc, pages: await allPages(doc) };
  };
  return { tmp: () => need(tmp), pool: () => need(pool), parseFile };
}
