/** Numbers the store records about itself in the meta table (schema and analyser versions). */
import type { Table } from "@lancedb/lancedb";
import { rowsOf } from "./rows";
import { eq } from "./where";

export async function readMetaNumber(meta: Table, key: string): Promise<number | null> {
  const rows = await rowsOf(meta.query().where(eq("key", key)));
  const value = rows[0]?.value;
  return value === undefined ? null : Number(value);
}

/** One commit: the value is either recorded or, if the process dies, not. */
export async function writeMetaNumber(meta: Table, key: string, value: number): Promise<void> {
  await meta
    .mergeInsert("key")
    .whenMatchedUpdateAll()
    .whenNotMatchedInsertAll()
    .execute([{ key, value: String(value) }]);
}
