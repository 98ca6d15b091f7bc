import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prepareQuery } from "../../../electron/engine/retrieve/prepareQuery";
import { loadLance } from "../../../electron/engine/store/lanceModule";
import { LanceStore } from "../../../electron/engine/store/LanceStore";
import { fakeDocument, filler, tempDir } from "./storeFixtures";

const here = path.dirname(fileURLToPath(import.meta.url));
const writer = path.join(here, "killWriter.ts");

function runWriter(
  dataDir: string,
  killAt: string | null,
  killAfterMs?: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const env = { ...process.env };
  if (killAt === null) delete env.KILL_AT_BATCH;
  else env.KILL_AT_BATCH = killAt;
  // node itself (not the tsx wrapper), so the signal reaches the process that writes.
  const child = spawn(process.execPath, ["--import", "tsx", writer, dataDir], {
    env,
    stdio: "ignore",
  });
  if (killAfterMs !== undefined) setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
}

async function counts(dataDir: string): Promise<Record<string, number>> {
  const lance = await loadLance();
  const db = await lance.connect(dataDir);
  const out: Record<string, number> = {};
  for (const name of ["documents", "chunks", "pages"]) {
    const table = await db.openTable(name);
    out[name] = await table.countRows();
    table.close();
  }
  db.close();
  return out;
}

let dir: string;
let cleanup: () => void;
let before: Record<string, number>;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir("enclave-kill-"));
  const store = await LanceStore.open(dir);
  await store.writeDocument(
    fakeDocument({
      collection: "A",
      salt: "existing",
      pages: [filler(10, "existing"), filler(10, "more")],
    }),
  );
  await store.close();
  before = await counts(dir);
});
afterEach(() => cleanup());

async function reopenAndCheck(): Promise<void> {
  const store = await LanceStore.open(dir);
  expect(
    await store.searchText(prepareQuery("killtestword"), { collections: ["A"] }, 10),
  ).toHaveLength(0);
  expect(await store.listDocuments("A")).toHaveLength(1);
  await store.close();
  expect(await counts(dir)).toEqual(before);
}

describe("an import killed with SIGKILL", () => {
  it.each(["0", "1", "3", "commit"])(
    "at batch %s leaves the index as before, and rewriting matches a clean write",
    async (killAt) => {
      const killed = await runWriter(dir, killAt);
      expect(killed.signal).toBe("SIGKILL");
      await reopenAndCheck();

      expect((await runWriter(dir, null)).code).toBe(0);
      const clean = tempDir("enclave-kill-clean-");
      try {
        const store = await LanceStore.open(clean.dir);
        await store.writeDocument(
          fakeDocument({
            collection: "A",
            salt: "existing",
            pages: [filler(10, "existing"), filler(10, "more")],
          }),
        );
        await store.close();
        expect((await runWriter(clean.dir, null)).code).toBe(0);
        expect(await counts(dir)).toEqual(await counts(clean.dir));
        const store2 = await LanceStore.open(dir);
        expect(
          await store2.searchText(prepareQuery("killtestword"), { collections: ["A"] }, 20),
        ).toHaveLength(12);
        await store2.close();
      } finally {
        clean.cleanup();
      }
    },
  );

  it("from outside at random moments never leaves a partial document", async () => {
    for (const delay of [900, 1400, 2000]) {
      const result = await runWriter(dir, null, delay);
      const store = await LanceStore.open(dir);
      const docs = await store.listDocuments("A");
      const hits = await store.searchText(prepareQuery("killtestword"), { collections: ["A"] }, 20);
      // Either the document committed whole, or nothing of it is visible.
      expect(docs.length === 2 ? hits.length === 12 : hits.length === 0 && docs.length === 1).toBe(
        true,
      );
      if (docs.length === 2) {
        expect(result.code === 0 || result.signal === "SIGKILL").toBe(true);
        await store.removeDocument(
          docs.find((d) => d.title === "Manual" && d.chunks === 12)?.id ?? "",
          "A",
        );
      }
      await store.close();
      expect(await counts(dir)).toEqual(before);
    }
  });
});
