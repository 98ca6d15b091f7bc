import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectImportFiles } from "../../../electron/engine/ingest/collectImportFiles";
import { Importer } from "../../../electron/engine/ingest/Importer";
import type { Store } from "../../../electron/engine/store/types";
import type { ImportEvent } from "../../../shared/types";
import { tempDir } from "./helpers";

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  tmp = await tempDir();
  const d = tmp.dir;
  await mkdir(join(d, "case/sub"), { recursive: true });
  await mkdir(join(d, "case/.git"), { recursive: true });
  await mkdir(join(d, "case/$RECYCLE.BIN"), { recursive: true });
  for (const f of [
    "case/b.pdf",
    "case/a.md",
    "case/sub/c.docx",
    "case/sub/d.txt",
    "case/.hidden.pdf",
    "case/Thumbs.db",
    "case/desktop.ini",
    "case/.DS_Store",
    "case/~$draft.docx",
    "case/setup.exe",
    "case/.git/config.txt",
    "case/$RECYCLE.BIN/old.pdf",
    "loose.dat",
  ]) {
    await writeFile(join(d, f), "x");
  }
  // A link back to the parent: walking it must not loop.
  await symlink(join(d, "case"), join(d, "case/sub/loop"));
  // Links that lead out of the chosen folder: to a file, and to a folder (think ~/.ssh).
  await mkdir(join(d, "secrets"), { recursive: true });
  await writeFile(join(d, "secrets/id_rsa.txt"), "PRIVATE KEY");
  await mkdir(join(d, "linked"), { recursive: true });
  await writeFile(join(d, "linked/inside.md"), "# inside");
  await symlink(join(d, "secrets/id_rsa.txt"), join(d, "linked/key.txt"));
  await symlink(join(d, "secrets"), join(d, "linked/ssh"));
  // A relative link that climbs out, and one that stays inside.
  await symlink("../secrets/id_rsa.txt", join(d, "linked/relative.txt"));
  await symlink("inside.md", join(d, "linked/alias.md"));
  await mkdir(join(d, "secrets-only"), { recursive: true });
  await symlink(join(d, "secrets/id_rsa.txt"), join(d, "secrets-only/key.txt"));
});
afterAll(async () => {
  await tmp.remove();
});

describe("collecting files to import", () => {
  it("walks folders recursively in name order, skipping hidden, system and unsupported files, and survives link loops", async () => {
    const { files, skipped } = await collectImportFiles([join(tmp.dir, "case")]);
    expect(files.map((f) => f.slice(tmp.dir.length + 1))).toEqual([
      "case/a.md",
      "case/b.pdf",
      "case/sub/c.docx",
      "case/sub/d.txt",
    ]);
    const rel = skipped.map((f) => f.slice(tmp.dir.length + 1));
    expect(rel).toEqual(
      expect.arrayContaining([
        "case/.hidden.pdf",
        "case/Thumbs.db",
        "case/desktop.ini",
        "case/.DS_Store",
        "case/~$draft.docx",
        "case/setup.exe",
        "case/.git",
        "case/$RECYCLE.BIN",
      ]),
    );
  });

  it("takes a file given by name even when its extension is not one we import", async () => {
    const { files } = await collectImportFiles([
      join(tmp.dir, "loose.dat"),
      join(tmp.dir, "case/b.pdf"),
      join(tmp.dir, "case/b.pdf"),
    ]);
    expect(files).toEqual([join(tmp.dir, "loose.dat"), join(tmp.dir, "case/b.pdf")]);
  });

  it("does not follow links that resolve outside the chosen folder, and names them", async () => {
    const { files, skipped, outside } = await collectImportFiles([join(tmp.dir, "linked")]);
    const rel = (p: string): string => p.slice(tmp.dir.length + 1);
    expect(files.map(rel)).toEqual(["linked/alias.md"]);
    expect(outside.map((o) => [rel(o.path), rel(o.target)])).toEqual([
      ["linked/key.txt", "secrets/id_rsa.txt"],
      ["linked/relative.txt", "secrets/id_rsa.txt"],
      ["linked/ssh", "secrets"],
    ]);
    expect(skipped.map(rel)).toEqual(
      expect.arrayContaining(["linked/key.txt", "linked/relative.txt", "linked/ssh"]),
    );
  });

  it("still takes a linked file the user picked directly", async () => {
    const { files, outside } = await collectImportFiles([join(tmp.dir, "linked/key.txt")]);
    expect(files).toEqual([join(tmp.dir, "linked/key.txt")]);
    expect(outside).toEqual([]);
  });

  it("reports each link out of the folder in the import's results, with the reason", async () => {
    const store = { refreshIndexes: () => Promise.resolve() } as unknown as Store;
    const events: ImportEvent[] = [];
    const report = await new Importer(store).import(
      { collection: "c", requestId: "r", paths: [join(tmp.dir, "secrets-only")] },
      (e) => events.push(e),
    );
    expect(report.results).toHaveLength(1);
    const [result] = report.results;
    expect(result).toMatchObject({ file: "key.txt", ok: false, error: { code: "NO_ACCESS" } });
    expect(result?.error?.message).toContain('"key.txt" was skipped');
    expect(result?.error?.message).toContain("outside the folder you chose");
    expect(events.map((e) => e.kind)).toEqual(["failed", "finished"]);
    expect(events.at(-1)).toMatchObject({ imported: 0, failed: 1 });
  });
});
