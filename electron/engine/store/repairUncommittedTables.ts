/**
 * A process killed while LanceDB creates a table can leave the table's folder (and its entry in
 * the library's table list) without a single committed version. Such a table holds no rows,
 * but every later open fails with "Table … was not found", so one unlucky kill during a first
 * import would brick the library. At open, those tables are dropped, to be created again.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Connection } from "@lancedb/lancedb";

/** Whether `<name>.lance` has at least one committed version (a manifest under `_versions`). */
export function hasCommittedVersion(libraryDir: string, name: string): boolean {
  const versions = path.join(libraryDir, `${name}.lance`, "_versions");
  return existsSync(versions) && readdirSync(versions).some((f) => f.endsWith(".manifest"));
}

/**
 * Drops every listed table of a local library that has no committed version; returns their
 * names. Libraries that are not local folders (object storage) are left alone.
 */
export async function repairUncommittedTables(
  db: Connection,
  libraryDir: string,
): Promise<string[]> {
  if (!existsSync(libraryDir)) return [];
  const broken = (await db.tableNames()).filter((name) => !hasCommittedVersion(libraryDir, name));
  for (const name of broken) await db.dropTable(name);
  return broken;
}
