import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prepareQuery } from "../../../electron/engine/retrieve/prepareQuery";
import { LanceStore } from "../../../electron/engine/store/LanceStore";
import type { PurgeStep } from "../../../electron/engine/store/Janitor";
import { fakeDocument, filesContaining, filler, tempDir } from "./storeFixtures";

const here = path.dirname(fileURLToPath(import.meta.url));
const deleter = path.join(here, "killDeleter.ts");

/** A word found nowhere else, whose raw bytes show whether the text is still on disk. */
const marker = "Qwxzvplmkorb";
/** An embedding no other chunk has; its raw float32 bytes show whether it is still on disk. */
const secretVector = Float32Array.from({ length: 16 }, (_, i) => 0.123456 + i * 0.0131);
const keptVector = Float32Array.from({ length: 16 }, (_, i) => -0.5 + i * 0.001);

function runDeleter(
  dataDir: string,
  documentId: string,
  killAt: PurgeStep | null,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const env = { ...process.env };
  if (killAt === null) delete env.KILL_AT_STEP;
  else env.KILL_AT_STEP = killAt;
  // node itself (not the tsx wrapper), so the signal ends the process that deletes.
  const child = spawn(process.execPath, ["--import", "tsx", deleter, dataDir, documentId], {
    env,
    stdio: "ignore",
  });
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
}

/** Every trace of the secret document that a raw-byte scan of the folder can find. */
function traces(dir: string): string[] {
  return [
    Buffer.from(marker),
    Buffer.from(marker.toLowerCase()),
    Buffer.from(secretVector.buffer),
  ].flatMap((needle) => filesContaining(dir, needle));
}

let dir: string;
let cleanup: () => void;
let secretId: string;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir("enclave-kill-delete-"));
  const store = await LanceStore.open(dir);
  const secret = fakeDocument({
    collection: "A",
    pages: [`The secret ${marker} lives here.`, filler(10, "other")],
  });
  // Many other rows, so the secret ones are a small share of each data file: Lance's compaction
  // rewrites a file only when a large share of it is deleted.
  const kept = fakeDocument({
    collection: "A",
    salt: "keep",
    pages: Array.from({ length: 30 }, (_, i) => filler(3, `kept${i}`)),
  });
  secretId = secret.doc.id;
  await store.writeDocument(secret);
  await store.writeDocument(kept);
  await store.upsertVectors("model", [
    { chunkId: `${secret.doc.id}:0`, vector: secretVector },
    ...Array.from({ length: 30 }, (_, i) => ({
      chunkId: `${kept.doc.id}:${i}`,
      vector: keptVector.map((v) => v + i / 100),
    })),
  ]);
  await store.refreshIndexes();
  await store.close();
  expect(traces(dir).length).toBeGreaterThan(0);
});
afterEach(() => cleanup());

describe("a deletion killed with SIGKILL", () => {
  it.each<PurgeStep>([
    "recorded",
    "marked",
    "dropped",
    "removed",
    "rewritten",
    "indexed",
    "pruned",
  ])(
    "after step %s is finished at the next open, leaving no trace of the text or vectors on disk",
    async (step) => {
      const killed = await runDeleter(dir, secretId, step);
      expect(killed.signal).toBe("SIGKILL");

      const store = await LanceStore.open(dir);
      try {
        expect(await store.getDocument(secretId)).toBeNull();
        expect(await store.listDocuments("A")).toHaveLength(1);
        expect(
          await store.searchText(prepareQuery("kept0"), { collections: ["A"] }, 10),
        ).not.toHaveLength(0);
        expect(
          await store.searchText(prepareQuery(marker), { collections: ["A"] }, 10),
        ).toHaveLength(0);
        // The other document keeps its vector through the rewrite.
        expect(await store.chunksWithoutVectors("model", 10)).toEqual([]);
      } finally {
        await store.close();
      }
      expect(traces(dir)).toEqual([]);
    },
  );

  it("not at all leaves no trace either", async () => {
    expect((await runDeleter(dir, secretId, null)).code).toBe(0);
    expect(traces(dir)).toEqual([]);
  });
});
