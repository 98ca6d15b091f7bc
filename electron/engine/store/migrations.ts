/**
 * Schema migrations, applied in order on open. Each step takes a store written at `from` to
 * `from + 1`; the version is recorded in the meta table only after the step succeeded, so a step
 * interrupted midway runs again (steps must therefore be idempotent).
 */
import type { Connection } from "@lancedb/lancedb";
import { TABLES } from "./schema";

export interface Migration {
  from: number;
  describe: string;
  run(db: Connection): Promise<void>;
}

export const migrations: Migration[] = [
  {
    from: 1,
    describe: "documents gain replaced_by, so a changed file's tombstone points to its successor",
    async run(db) {
      const table = await db.openTable(TABLES.documents);
      const schema = await table.schema();
      if (schema.fields.some((f) => f.name === "replaced_by")) return;
      await table.addColumns([{ name: "replaced_by", valueSql: "CAST(NULL AS STRING)" }]);
    },
  },
  {
    from: 2,
    describe: "documents gain parent_id, so an e-mail attachment knows the message it came in",
    async run(db) {
      const table = await db.openTable(TABLES.documents);
      const schema = await table.schema();
      if (schema.fields.some((f) => f.name === "parent_id")) return;
      await table.addColumns([{ name: "parent_id", valueSql: "CAST(NULL AS STRING)" }]);
    },
  },
];
