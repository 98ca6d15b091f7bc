/**
 * Reads the store's schema version from the meta table and brings older stores up to date, then
 * does the same for what the text analyser derived at index time (reanalyse.ts).
 */
import type { Connection, Table } from "@lancedb/lancedb";
import { StoreVersionError } from "./errors";
import { readMetaNumber, writeMetaNumber } from "./metaValues";
import { migrations } from "./migrations";
import { ensureAnalyserVersion, type ReanalyseOptions } from "./reanalyse";
import { SCHEMA_VERSION } from "./schema";

const VERSION_KEY = "schema_version";

export function readSchemaVersion(meta: Table): Promise<number | null> {
  return readMetaNumber(meta, VERSION_KEY);
}

/**
 * `hasData`: whether the folder already held a store (a store without a version is version 1).
 * `options`: how a library built by another analyser version is re-analysed. Default: see ReanalyseOptions.
 */
export async function runMigrations(
  db: Connection,
  meta: Table,
  hasData: boolean,
  options: ReanalyseOptions = {},
): Promise<number> {
  let version = (await readSchemaVersion(meta)) ?? (hasData ? 1 : SCHEMA_VERSION);
  if (version > SCHEMA_VERSION) throw new StoreVersionError(version, SCHEMA_VERSION);
  while (version < SCHEMA_VERSION) {
    const step = migrations.find((m) => m.from === version);
    if (step === undefined) throw new StoreVersionError(version, SCHEMA_VERSION);
    await step.run(db);
    version++;
    await writeMetaNumber(meta, VERSION_KEY, version);
  }
  if ((await readSchemaVersion(meta)) === null) await writeMetaNumber(meta, VERSION_KEY, version);
  // After the schema steps: re-analysis writes rows of the current schema.
  await ensureAnalyserVersion(db, meta, hasData, options);
  return version;
}
