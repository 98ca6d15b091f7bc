import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import type { SourceFolderStatus } from "../../../shared/types";

let dir: string;
let folder: string;
let dataDir: string;
let engine: Engine | null = null;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-watch-"));
  folder = path.join(dir, "notes");
  dataDir = path.join(dir, "data");
  mkdirSync(folder);
  for (let i = 0; i < 5; i++)
    writeFileSync(path.join(folder, `n${i}.md`), `# Note ${i}\n\nHydrant ${i} inspected.\n`);
});
afterEach(async () => {
  await engine?.close();
  engine = null;
  rmSync(dir, { recursive: true, force: true });
});

const open = async (): Promise<Engine> =>
  (engine = await Engine.create({ dataDir, resumeEmbedding: false }));

/** Resolves with the first status of the folder that `test` accepts. */
function statusWhere(
  e: Engine,
  test: (s: SourceFolderStatus) => boolean,
): Promise<SourceFolderStatus> {
  return new Promise((resolve) => {
    const off = e.on("sourceFolderStatus", (s) => {
      if (!test(s)) return;
      off();
      resolve(s);
    });
  });
}
const files = async (e: Engine): Promise<string[]> =>
  (await e.listDocuments({ collection: "notes" })).map((d) => d.file).sort();

describe("a watched source folder", () => {
  it("imports the folder, then follows files added, renamed and deleted while the engine runs", async () => {
    const e = await open();
    await e.createCollection({ name: "notes" });
    const first = statusWhere(e, (s) => s.state === "idle" && s.last !== null);
    await e.addSourceFolder({ collection: "notes", folder });
    await e.startSync();
    expect((await first).last?.added).toBe(5);
    expect(await files(e)).toEqual(["n0.md", "n1.md", "n2.md", "n3.md", "n4.md"]);
    const n1 = (await e.listDocuments({ collection: "notes" })).find((d) => d.file === "n1.md");

    const next = statusWhere(e, (s) => s.state === "idle" && (s.last?.removed ?? 0) > 0);
    writeFileSync(path.join(folder, "new.md"), "# New\n\nA fresh hydrant note.\n");
    renameSync(path.join(folder, "n1.md"), path.join(folder, "renamed.md"));
    unlinkSync(path.join(folder, "n2.md"));
    const done = await next;
    expect(done.last).toMatchObject({ added: 1, renamed: 1, removed: 1, failed: 0 });
    expect(await files(e)).toEqual(["n0.md", "n3.md", "n4.md", "new.md", "renamed.md"]);
    const renamed = (await e.listDocuments({ collection: "notes" })).find(
      (d) => d.file === "renamed.md",
    );
    expect(renamed?.id).toBe(n1?.id);
  }, 120_000);

  it("catches up at the next start with changes made while it was closed, and a folder list that survived the restart", async () => {
    let e = await open();
    await e.createCollection({ name: "notes" });
    await e.syncFolder({ collection: "notes", folder });
    await e.close();
    engine = null;
    writeFileSync(path.join(folder, "n3.md"), "# Note 3\n\nHydrant 3 replaced.\n");
    unlinkSync(path.join(folder, "n4.md"));

    e = await open();
    expect((await e.listSourceFolders({ collection: "notes" })).map((f) => f.folder)).toEqual([
      folder,
    ]);
    const caughtUp = statusWhere(e, (s) => s.state === "idle" && s.last !== null);
    await e.startSync();
    expect((await caughtUp).last).toMatchObject({ added: 0, updated: 1, removed: 1 });
    expect(await files(e)).toEqual(["n0.md", "n1.md", "n2.md", "n3.md"]);
  }, 120_000);
});
