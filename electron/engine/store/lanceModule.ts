/**
 * Loads @lancedb/lancedb only after LANCE_CPU_THREADS is set: Lance 0.31 sizes its CPU pool
 * from it once, and with the default pool a full-text index build over 30k+ rows hangs forever
 * on a 2-CPU host (a known Lance bug). Import LanceDB through this module, never directly.
 */
import os from "node:os";

export type Lance = typeof import("@lancedb/lancedb");

let loading: Promise<Lance> | undefined;

export function loadLance(): Promise<Lance> {
  if (loading === undefined) {
    process.env.LANCE_CPU_THREADS ??= String(Math.max(2, os.availableParallelism()));
    loading = import("@lancedb/lancedb");
  }
  return loading;
}
