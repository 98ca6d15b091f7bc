/**
 * Child process for the deletion kill test: opens the store in argv[2] and removes document
 * argv[3] from collection "A", SIGKILLing itself when the deletion reaches step KILL_AT_STEP
 * (see PurgeStep in Janitor.ts). Without KILL_AT_STEP it finishes.
 */
import { LanceStore } from "../../../electron/engine/store/LanceStore";

const [dataDir, documentId] = process.argv.slice(2);
if (dataDir === undefined || documentId === undefined)
  throw new Error("usage: killDeleter.ts <dataDir> <documentId>");
const killAt = process.env.KILL_AT_STEP;
const store = await LanceStore.open(dataDir, {
  onPurgeStep: (step) => {
    if (step === killAt) process.kill(process.pid, "SIGKILL");
  },
});
await store.removeDocument(documentId, "A");
await store.close();
process.stdout.write("deleted\n");
