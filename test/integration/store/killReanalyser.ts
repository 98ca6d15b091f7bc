/**
 * Child process for the re-analysis kill test: runs the open-time migrations of the library in
 * `dataDir` one changed row per commit, and SIGKILLs itself right after the first commit, before
 * the analyser version can be recorded.
 */
import { loadLance } from "../../../electron/engine/store/lanceModule";
import { runMigrations } from "../../../electron/engine/store/runMigrations";

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error("usage: killReanalyser.ts <dataDir>");
const db = await (await loadLance()).connect(dataDir);
await runMigrations(db, await db.openTable("meta"), true, {
  batchSize: 1,
  onProgress: () => process.kill(process.pid, "SIGKILL"),
});
process.stdout.write("finished\n");
