import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ANALYSER_VERSION } from "../../../shared/text";
import { prepareQuery } from "../../../electron/engine/retrieve/prepareQuery";
import { loadLance } from "../../../electron/engine/store/lanceModule";
import { LanceStore } from "../../../electron/engine/store/LanceStore";
import { readAnalyserVersion } from "../../../electron/engine/store/reanalyse";
import { rowsOf, str } from "../../../electron/engine/store/rows";
import { ensureSearchIndexes } from "../../../electron/engine/store/searchIndexes";
import { fakeDocument, tempDir } from "./storeFixtures";

const killer = path.join(path.dirname(fileURLToPath(import.meta.url)), "killReanalyser.ts");

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir("enclave-reanalyse-")));
afterEach(() => cleanup());

/** The first passage names read.table whole; the second only says "read" and "table", more often. */
const PAGES = [
  "Call read.table once.",
  "Read the table, then read the table again: table after table.",
  "Set R_LIBS_USER first.",
];
const CURRENT_CODES = ["read.table", "", "r_libs_user"];

/** A library as an older analyser left it: `codes` empty, the indexes built over that, `version` recorded (null: none). */
async function writeOldLibrary(version: number | null): Promise<void> {
  const store = await LanceStore.open(dir);
  await store.createCollection("Manuals");
  await store.writeDocument(fakeDocument({ collection: "Manuals", pages: PAGES }));
  await store.refreshIndexes();
  await store.close();
  const lance = await loadLance();
  const db = await lance.connect(dir);
  const chunks = await db.openTable("chunks");
  await chunks.update({ values: { codes: "" } });
  await ensureSearchIndexes(lance, chunks, "English", true);
  const meta = await db.openTable("meta");
  await meta.delete("key = 'analyser_version'");
  if (version !== null) await meta.add([{ key: "analyser_version", value: String(version) }]);
  db.close();
}

/** The library's chunks (id order), its recorded analyser version and whether every index covers every row. */
async function inspect(): Promise<{
  codes: string[];
  version: number | null;
  tableVersion: number;
  fullyIndexed: boolean;
}> {
  const db = await (await loadLance()).connect(dir);
  const chunks = await db.openTable("chunks");
  const rows = (await rowsOf(chunks.query().select(["id", "codes"]))).sort((a, b) =>
    str(a.id).localeCompare(str(b.id)),
  );
  const stats = await Promise.all(
    (await chunks.listIndices()).map((i) => chunks.indexStats(i.name)),
  );
  const result = {
    codes: rows.map((r) => str(r.codes)),
    version: await readAnalyserVersion(await db.openTable("meta")),
    tableVersion: await chunks.version(),
    fullyIndexed: stats.length > 0 && stats.every((s) => s?.numUnindexedRows === 0),
  };
  db.close();
  return result;
}

async function topHitFor(query: string): Promise<string> {
  const store = await LanceStore.open(dir);
  try {
    const [hit] = await store.searchText(prepareQuery(query), { collections: ["Manuals"] }, 5);
    return hit?.text ?? "";
  } finally {
    await store.close();
  }
}

describe("re-analysis on open", () => {
  it("a new library records the current analyser version", async () => {
    await (await LanceStore.open(dir)).close();
    expect((await inspect()).version).toBe(ANALYSER_VERSION);
  });

  it.each([
    ["built before the analyser version was recorded", null],
    ["built by an older analyser", ANALYSER_VERSION - 1],
  ])(
    "a library %s gets its code terms recomputed and indexed, and searches find them",
    async (_, version) => {
      await writeOldLibrary(version);
      expect((await inspect()).codes).toEqual(["", "", ""]);

      // The first open re-analyses; the passage naming read.table whole then outranks the one repeating its words.
      expect(await topHitFor("read.table")).toBe(PAGES[0]);
      const after = await inspect();
      expect(after.codes).toEqual(CURRENT_CODES);
      expect(after.version).toBe(ANALYSER_VERSION);
      expect(after.fullyIndexed).toBe(true);
    },
  );

  it("a library at the current analyser version is opened without being rewritten", async () => {
    await writeOldLibrary(ANALYSER_VERSION);
    const before = await inspect();
    expect(await topHitFor("read.table")).toBe(PAGES[1]);
    const after = await inspect();
    expect(after.codes).toEqual(["", "", ""]);
    expect(after.tableVersion).toBe(before.tableVersion);
  });

  it("a re-analysis killed midway records no version, and the next open does it again", async () => {
    await writeOldLibrary(null);
    const child = spawn(process.execPath, ["--import", "tsx", killer, dir], { stdio: "ignore" });
    const exit = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_, signal) => resolve(signal)),
    );
    expect(exit).toBe("SIGKILL");
    const killed = await inspect();
    expect(killed.version).toBeNull();
    expect(killed.codes.filter((c) => c !== "")).toHaveLength(1);

    expect(await topHitFor("read.table")).toBe(PAGES[0]);
    expect(await inspect()).toMatchObject({
      codes: CURRENT_CODES,
      version: ANALYSER_VERSION,
      fullyIndexed: true,
    });
  });
});
