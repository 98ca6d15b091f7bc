import { createHash } from "node:crypto";
import { copyFile, mkdtemp, readFile, rename, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelNotAllowedError } from "../../../electron/engine/llm/errors";
import {
  ModelAllowList,
  ModelChangedError,
  modelParts,
} from "../../../electron/engine/llm/ModelAllowList";
import { makeModel, overwriteInPlace } from "../../fixtures/gguf/tamperModel";

let dir = "";

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "enclave-allowlist-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha256 = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");

describe("model allow-list at load", () => {
  it("names every part of a split model, and only the file itself otherwise", () => {
    expect(modelParts("/m/qwen-00002-of-00003.gguf")).toEqual([
      "/m/qwen-00001-of-00003.gguf",
      "/m/qwen-00002-of-00003.gguf",
      "/m/qwen-00003-of-00003.gguf",
    ]);
    expect(modelParts("/m/qwen.gguf")).toEqual(["/m/qwen.gguf"]);
    expect(modelParts("/m/qwen-00001-of-00001.gguf")).toEqual(["/m/qwen-00001-of-00001.gguf"]);
  });

  it("checks nothing without a list, allows a listed file and refuses an unlisted one", async () => {
    const a = await makeModel(join(dir, "a.gguf"), 1);
    const b = await makeModel(join(dir, "b.gguf"), 2);
    expect(await new ModelAllowList(null).check(b)).toBeNull();
    const list = new ModelAllowList([(await sha256(a)).toUpperCase()]);
    const checked = await list.check(a);
    expect(checked?.parts.map((p) => p.sha256)).toEqual([await sha256(a)]);
    const error = await list.check(b).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelNotAllowedError);
    expect((error as Error).message).toContain(await sha256(b));
  });

  it("refuses a file overwritten in place with its size and mtime restored, though this process hashed it before", async () => {
    const a = await makeModel(join(dir, "a.gguf"), 1);
    const b = await makeModel(join(dir, "b.gguf"), 2);
    const list = new ModelAllowList([await sha256(a)], { reuseHashes: true });
    await list.check(a);
    await overwriteInPlace(a, b);
    await expect(list.check(a)).rejects.toBeInstanceOf(ModelNotAllowedError);
  });

  it("loads the real file behind a link, so swapping the link later does not change what was checked", async () => {
    const a = await makeModel(join(dir, "a.gguf"), 1);
    await symlink(a, join(dir, "link.gguf"));
    const checked = await new ModelAllowList([await sha256(a)]).check(join(dir, "link.gguf"));
    expect(checked?.path).toBe(a);
  });

  it("refuses a split model whose second part was swapped, or is missing", async () => {
    const parts = [1, 2, 3].map((n) => join(dir, `big-0000${n}-of-00003.gguf`));
    for (const [i, part] of parts.entries()) await makeModel(part, 10 + i);
    const list = new ModelAllowList(await Promise.all(parts.map(sha256)));
    expect((await list.check(parts[0]!))?.parts.map((p) => p.path)).toEqual(parts);

    const other = await makeModel(join(dir, "other.gguf"), 99);
    await overwriteInPlace(parts[1]!, other);
    const error = await list.check(parts[0]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelNotAllowedError);
    expect((error as Error).message).toContain("Part 2 of 3 (big-00002-of-00003.gguf)");

    await rm(parts[1]!);
    await expect(list.check(parts[0]!)).rejects.toThrow(/Part 2 of 3 .* is missing/);
  });

  it("refuses after the load when a part was rewritten or replaced since it was hashed", async () => {
    const a = await makeModel(join(dir, "a.gguf"), 1);
    const b = await makeModel(join(dir, "b.gguf"), 2);
    const list = new ModelAllowList([await sha256(a)]);

    const rewritten = (await list.check(a))!;
    await overwriteInPlace(a, b);
    await expect(list.confirmUnchanged(rewritten)).rejects.toBeInstanceOf(ModelChangedError);

    // Same bytes, another file: a rename over the checked path is noticed too.
    const c = await makeModel(join(dir, "c.gguf"), 3);
    const replaced = (await new ModelAllowList([await sha256(c)]).check(c))!;
    await copyFile(c, join(dir, "c-copy.gguf"));
    await rename(join(dir, "c-copy.gguf"), c);
    await expect(list.confirmUnchanged(replaced)).rejects.toBeInstanceOf(ModelChangedError);
  });
});
