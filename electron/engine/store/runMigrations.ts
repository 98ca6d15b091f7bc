/** Reads the store's schema version from the meta table and brings older stores up to date. */
import type { Connection, Table } from "@lancedb/lancedb";
import { StoreVersionError } from "./errors";
import { migrations } from "./migrations";
import { rowsOf } from "./rows";
import { SCHEMA_VERSION } from "./schema";
import { eq } from "./where";

const VERSION_KEY = "schema_version";

export async function readSchemaVersion(meta: Table): Promise<number | null> {
  const rows = await rowsOf(meta.query().where(eq("key", VERSION_KEY)));
  const value = rows[0]?.value;
  return value === undefined ? null : Number(value);
}

async function writeSchemaVersion(meta: Table, version: number): Promise<void> {
  await meta
    .mergeInsert("key")
    .whenMatchedUpdateAll()
    .whenNotMatchedInsertAll()
    .execute([{ key: VERSION_KEY, value: String(version) }]);
}

/** `hasData`: whether the folder already held a store (a store without a version is version 1). */
export async function runMigrations(
  db: Connection,
  meta: Table,
  hasData: boolean,
): Promise<number> {
  let version = (await readSchemaVersion(meta)) ?? (hasData ? 1 : SCHEMA_VERSION);
  if (version > SCHEMA_VERSION) throw new StoreVersionError(version, SCHEMA_VERSION);
  while (version < SCHEMA_VERSION) {
    const step = migrations.find((m) => m.from === version);
    if (step === undefined) throw new StoreVersionError(version, SCHEMA_VERSION);
    await step.run(db);
    version++;
    await writeSchemaVersion(meta, version);
  }
  if ((await readSchemaVersion(meta)) === null) await writeSchemaVersion(meta, version);
  return version;
}
