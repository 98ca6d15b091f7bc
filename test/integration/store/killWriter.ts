/**
 * Child process for the kill test: opens a store and writes one fabricated document, SIGKILLing
 * itself when the writer asks for batch number KILL_AT_BATCH (0 = before the first batch;
 * "commit" = after the last batch, just before the commit). Without KILL_AT_BATCH it finishes.
 */
import { LanceStore } from "../../../electron/engine/store/LanceStore";
import type { DocumentWrite } from "../../../electron/engine/store/types";
import { fakeDocument, filler } from "./storeFixtures";

export const KILL_DOC_PAGES = Array.from(
  { length: 12 },
  (_, i) => `${filler(8, `page${i}`)} killtestword ${i}`,
);

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error("usage: killWriter.ts <dataDir>");
const killAt = process.env.KILL_AT_BATCH;
const store = await LanceStore.open(dataDir);
const base = fakeDocument({ collection: "A", salt: "kill", pages: KILL_DOC_PAGES, batchSize: 2 });
const write: DocumentWrite = {
  ...base,
  chunks: (async function* () {
    let n = 0;
    for await (const batch of base.chunks) {
      if (killAt === String(n)) process.kill(process.pid, "SIGKILL");
      yield batch;
      n++;
    }
    if (killAt === "commit") process.kill(process.pid, "SIGKILL");
  })(),
};
await store.writeDocument(write);
await store.close();
process.stdout.write("written\n");
