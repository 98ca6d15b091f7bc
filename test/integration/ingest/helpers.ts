import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ParsedDocument, ParsedPage } from "../../../electron/engine/ingest/types";

/** A temp folder per test file; files written into it are removed afterwards. */
export async function tempDir(prefix = "enclave-ingest-"): Promise<{ dir: string; write: (name: string, data: Uint8Array | string) => Promise<string>; remove: () => Promise<void> }> {
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
