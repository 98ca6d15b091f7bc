import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, killAfter, runCliSync } from "./cliHelpers";

interface SyncJson {
  added: string[];
  updated: string[];
  renamed: { from: string; to: string }[];
  removed: string[];
  unchanged: number;
  failed: { path: string }[];
  counts: Record<"added" | "updated" | "renamed" | "removed" | "unchanged" | "failed", number>;
}
interface DocsJson {
  documents: { id: string; file: string; path: string; chunks: number; status: string }[];
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-sync-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const note = (i: number, extra = ""): string =>
  `# Note ${i}\n\nField note ${i}: pump ${i % 13} needs valve ${i * 7} checked before day ${i % 28}.${extra}\n`;

function sync(dataDir: string, folder: string): SyncJson {
  return json<SyncJson>(runCliSync(["--data-dir", dataDir, "sync", folder, "--json"]));
}
function docs(dataDir: string): DocsJson["documents"] {
  return json<DocsJson>(runCliSync(["--data-dir", dataDir, "docs", "--json"])).documents;
}

/** Every file under `root` whose raw bytes hold `marker` (as UTF-8 or UTF-16). */
function filesHolding(root: string, marker: string): string[] {
  const needles = [Buffer.from(marker), Buffer.from(marker, "utf16le")];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => needles.some((n) => readFileSync(f).includes(n)));
}

describe("enclave sync", () => {
  it("lists exactly the files added, changed, renamed and deleted since the last sync, keeps a renamed file's document, and leaves no trace of a deleted one", () => {
    const folder = path.join(dir, "notes");
    const dataDir = path.join(dir, "data");
    mkdirSync(folder);
    for (let i = 0; i < 20; i++) writeFileSync(path.join(folder, `n${i}.md`), note(i));
    const secret = "Zanzibarquokka ledger entry forty-two";
    writeFileSync(path.join(folder, "doomed.md"), note(99, ` ${secret}.`));

    const first = sync(dataDir, folder);
    expect(first.counts).toEqual({
      added: 21,
      updated: 0,
      renamed: 0,
      removed: 0,
      unchanged: 0,
      failed: 0,
    });
    const before = docs(dataDir);
    const renamedId = before.find((d) => d.file === "n3.md")?.id;
    expect(renamedId).toBeDefined();

    writeFileSync(path.join(folder, "fresh.md"), note(500, " A brand new note."));
    writeFileSync(path.join(folder, "n5.md"), note(5, " Revised: valve replaced."));
    mkdirSync(path.join(folder, "archive"));
    renameSync(path.join(folder, "n3.md"), path.join(folder, "archive", "n3-moved.md"));
    unlinkSync(path.join(folder, "doomed.md"));

    const second = sync(dataDir, folder);
    expect(second.added).toEqual([path.join(folder, "fresh.md")]);
    expect(second.updated).toEqual([path.join(folder, "n5.md")]);
    expect(second.renamed).toEqual([
      { from: path.join(folder, "n3.md"), to: path.join(folder, "archive", "n3-moved.md") },
    ]);
    expect(second.removed).toEqual([path.join(folder, "doomed.md")]);
    expect(second.unchanged).toBe(18);
    expect(second.failed).toEqual([]);

    const after = docs(dataDir);
    expect(after.map((d) => d.path).sort()).toEqual(
      [
        ...Array.from({ length: 20 }, (_, i) => path.join(folder, `n${i}.md`)).filter(
          (p) => !p.endsWith("/n3.md"),
        ),
        path.join(folder, "fresh.md"),
        path.join(folder, "archive", "n3-moved.md"),
      ].sort(),
    );
    expect(after.find((d) => d.file === "n3-moved.md")?.id).toBe(renamedId);
    expect(after.every((d) => d.status === "ready")).toBe(true);
    expect(filesHolding(dataDir, "Zanzibarquokka")).toEqual([]);

    // Nothing changed since: a third sync finds nothing to do.
    expect(sync(dataDir, folder).counts).toEqual({
      added: 0,
      updated: 0,
      renamed: 0,
      removed: 0,
      unchanged: 21,
      failed: 0,
    });
  }, 300_000);

  it("killed with SIGKILL midway, a rerun ends with the same documents as a clean sync", async () => {
    const folder = path.join(dir, "many");
    mkdirSync(folder);
    for (let i = 0; i < 1500; i++) writeFileSync(path.join(folder, `m${i}.txt`), note(i));
    const clean = path.join(dir, "clean");
    const started = performance.now();
    const cleanRun = sync(clean, folder);
    const cleanMs = performance.now() - started;
    expect(cleanRun.counts.added).toBe(1500);
    const expected = docs(clean)
      .map((d) => `${d.path} ${d.id} ${d.chunks}`)
      .sort();

    let killedMidway = 0;
    for (const share of [0.5, 0.75]) {
      const killed = path.join(dir, `killed-${share}`);
      if (await killAfter(["--data-dir", killed, "sync", folder, "--json"], cleanMs * share))
        killedMidway++;
      for (const d of docs(killed)) expect(d.status).toBe("ready");
      const rerun = sync(killed, folder);
      expect(rerun.counts.added + rerun.counts.unchanged).toBe(1500);
      expect(rerun.counts.failed + rerun.counts.removed + rerun.counts.updated).toBe(0);
      expect(
        docs(killed)
          .map((d) => `${d.path} ${d.id} ${d.chunks}`)
          .sort(),
      ).toEqual(expected);
    }
    expect(killedMidway).toBeGreaterThan(0);
  }, 400_000);
});
