/** Fabricated documents for store tests: ChunkDrafts and pages built directly, no parser. */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Passage } from "../../../shared/types";
import type { ChunkDraft } from "../../../electron/engine/store/types";
import { prepareQuery } from "../../../electron/engine/retrieve/prepareQuery";
import { loadLance } from "../../../electron/engine/store/lanceModule";
import { LanceStore, type LanceStoreOptions } from "../../../electron/engine/store/LanceStore";
import type { DocumentWrite, PageRecord } from "../../../electron/engine/store/types";

export const idOf = (content: string): string => createHash("sha256").update(content).digest("hex");

export interface FakeDocOptions {
  collection: string;
  /** Pages of text; each page becomes one chunk (plus a second one when long). */
  pages: string[];
  title?: string;
  path?: string;
  /** Chunks per yielded batch. Default: 2. */
  batchSize?: number;
  replaces?: string;
  /** Seeds the document id, so two documents can share text yet differ in bytes. */
  salt?: string;
}

export function fakeDocument(o: FakeDocOptions): DocumentWrite {
  const file = path.basename(o.path ?? "/docs/manual.pdf");
  const id = idOf(`${o.salt ?? ""}${o.path ?? ""}${o.pages.join("\f")}`);
  const chunks: ChunkDraft[] = o.pages.map((text, i) => ({
    index: i,
    page: i + 1,
    pageEnd: i + 1,
    charStart: 0,
    charEnd: text.length,
    headingPath: [`${i + 1} Section ${i + 1}`],
    text,
  }));
  const pages: PageRecord[] = o.pages.map((text, i) => ({
    page: i + 1,
    text,
    label: String(i + 1),
  }));
  const size = o.batchSize ?? 2;
  async function* batches(): AsyncGenerator<{ chunks: ChunkDraft[]; pages: PageRecord[] }> {
    for (let i = 0; i < chunks.length; i += size) {
      await Promise.resolve();
      yield { chunks: chunks.slice(i, i + size), pages: pages.slice(i, i + size) };
    }
  }
  const write: DocumentWrite = {
    doc: {
      id,
      title: o.title ?? "Manual",
      file,
      path: o.path ?? "/docs/manual.pdf",
      format: "pdf",
      bytes: 1000,
      language: "en",
      collection: o.collection,
    },
    pageCount: pages.length,
    chunks: batches(),
  };
  if (o.replaces !== undefined) write.replaces = o.replaces;
  return write;
}

export function tempDir(prefix = "enclave-store-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Files under `dir` whose raw bytes contain `needle`. */
export function filesContaining(dir: string, needle: Buffer): string[] {
  const hits: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) hits.push(...filesContaining(p, needle));
    else if (readFileSync(p).includes(needle)) hits.push(p);
  }
  return hits;
}

export const filler = (n: number, seed: string): string =>
  Array.from(
    { length: n },
    (_, i) => `${seed} sentence ${i} about plotting graphics devices and data frames.`,
  ).join(" ");

/** Every file under `dir`, as absolute paths (none when `dir` does not exist). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** A store in a fresh temp folder holding empty collections A and B. */
export interface TestStore {
  dir: string;
  store: LanceStore;
  /** Full-text search as the retriever prepares it. Default limit: 10. */
  search(query: string, collections: string[], limit?: number): Promise<Passage[]>;
  /**
   * Closes the store and opens the same folder again, as the next start of the app would;
   * `meanwhile` runs while it is closed (see editClosedTable).
   */
  reopen(meanwhile?: () => Promise<void>): Promise<void>;
  /** Closes the store and deletes the folder. */
  dispose(): Promise<void>;
}

export async function openTestStore(options: LanceStoreOptions = {}): Promise<TestStore> {
  const { dir, cleanup } = tempDir();
  const t: TestStore = {
    dir,
    store: await LanceStore.open(dir, options),
    search: (query, collections, limit = 10) =>
      t.store.searchText(prepareQuery(query), { collections }, limit),
    async reopen(meanwhile) {
      await t.store.close();
      await meanwhile?.();
      t.store = await LanceStore.open(dir, options);
    },
    async dispose() {
      await t.store.close();
      cleanup();
    },
  };
  await t.store.createCollection("A");
  await t.store.createCollection("B");
  return t;
}

/**
 * Runs `edit` on one of the store's tables through a connection of its own (the store closed):
 * how tests leave the state that a process killed between two steps would leave.
 */
export async function editClosedTable(
  dir: string,
  name: string,
  edit: (table: import("@lancedb/lancedb").Table) => Promise<unknown>,
): Promise<void> {
  const db = await (await loadLance()).connect(dir);
  const table = await db.openTable(name);
  try {
    await edit(table);
  } finally {
    table.close();
    db.close();
  }
}
