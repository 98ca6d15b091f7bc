import type { Table } from "@lancedb/lancedb";
import { describe, expect, it } from "vitest";
import { loadLance } from "../../../electron/engine/store/lanceModule";
import {
  ensureSearchIndexes,
  SINGLE_PARTITION_ROWS,
  SUPERSEDED_KEEP_MS,
} from "../../../electron/engine/store/searchIndexes";

/** A chunks table that only records what is asked of it (`rows` of them, every index built). */
function fakeChunks(rows: number): { table: Table; calls: string[]; kept: Date[] } {
  const calls: string[] = [];
  const kept: Date[] = [];
  const columns = ["text", "head", "codes", "id", "doc_id"];
  const table = {
    countRows: () => Promise.resolve(rows),
    listIndices: () => Promise.resolve(columns.map((c) => ({ name: `${c}_idx`, columns: [c] }))),
    optimize: (options?: { cleanupOlderThan?: Date }) => {
      calls.push("optimize");
      if (options?.cleanupOlderThan !== undefined) kept.push(options.cleanupOlderThan);
      return Promise.resolve();
    },
    createIndex: (column: string) => {
      calls.push(`create ${column}`);
      return Promise.resolve();
    },
  } as unknown as Table;
  return { table, calls, kept };
}

describe("folding new passages into the search indexes", () => {
  it("rebuilds the full-text indexes whole after folding rows in (one partition each)", async () => {
    const { table, calls } = fakeChunks(14_000);
    expect(await ensureSearchIndexes(await loadLance(), table, "English")).toBe(true);
    expect(calls).toEqual(["optimize", "create text", "create head", "create codes"]);
  });

  it("removes the versions a refresh superseded more than ten minutes ago, not a week", async () => {
    const { table, kept } = fakeChunks(14_000);
    const before = Date.now();
    await ensureSearchIndexes(await loadLance(), table, "English");
    expect(SUPERSEDED_KEEP_MS).toBe(10 * 60_000);
    expect(kept).toHaveLength(1);
    const cutoff = kept[0]!.getTime();
    expect(cutoff).toBeGreaterThanOrEqual(before - SUPERSEDED_KEEP_MS);
    expect(cutoff).toBeLessThanOrEqual(Date.now() - SUPERSEDED_KEEP_MS);
  });

  it("only merges above the row limit, where rebuilding would take too long", async () => {
    const { table, calls } = fakeChunks(SINGLE_PARTITION_ROWS + 1);
    await ensureSearchIndexes(await loadLance(), table, "English");
    expect(calls).toEqual(["optimize"]);
  });
});
