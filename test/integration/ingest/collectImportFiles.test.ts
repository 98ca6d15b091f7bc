import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectImportFiles } from "../../../electron/engine/ingest/collectImportFiles";
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
    "case/photo.png",
    "case/.git/config.txt",
    "case/$RECYCLE.BIN/old.pdf",
    "loose.dat",
  ]) {
    await writeFile(join(d, f), "x");
  }
  // A link back to the parent: walking it must not loop.
  await symlink(join(d, "case"), join(d, "case/sub/loop"));
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
        "case/photo.png",
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
});
