import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  manifestFileName,
  readModelManifest,
  refusedBundledModels,
  verifyBundledModels,
  writeModelManifest,
} from "../../../electron/engine/llm/bundledModels";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "enclave-models-"));
  // Not real GGUFs: the manifest check is about bytes, not model content.
  await writeFile(join(dir, "chat.gguf"), "GGUF chat weights");
  await writeFile(join(dir, "embed.gguf"), "GGUF embedding weights");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

describe("IT-bundled models", () => {
  it("builds a manifest of every GGUF file with its SHA-256 and size", async () => {
    await writeModelManifest(dir);
    const manifest = await readModelManifest(dir);
    expect(manifest?.files["chat.gguf"]).toEqual({ sha256: sha("GGUF chat weights"), size: 17 });
    expect(Object.keys(manifest?.files ?? {})).toEqual(["chat.gguf", "embed.gguf"]);
  });

  it("reports untouched files as ok, a changed file as tampered and a new file as unlisted", async () => {
    const manifest = await writeModelManifest(dir);
    await writeFile(join(dir, "chat.gguf"), "GGUF chat weighs!");
    await writeFile(join(dir, "extra.gguf"), "GGUF smuggled");
    const checks = await verifyBundledModels(dir, manifest);
    expect(Object.fromEntries(checks.map((c) => [c.file, c.status]))).toEqual({
      "chat.gguf": "tampered",
      "embed.gguf": "ok",
      "extra.gguf": "unlisted",
    });
  });

  it("notices a file swapped for another of the same size by its hash", async () => {
    const manifest = await writeModelManifest(dir);
    await writeFile(join(dir, "embed.gguf"), "GGUF embedding weightz");
    const checks = await verifyBundledModels(dir, manifest);
    expect(checks.find((c) => c.file === "embed.gguf")).toMatchObject({
      status: "tampered",
      actual: sha("GGUF embedding weightz"),
    });
  });

  it("refuses tampered and unlisted files only when policy asks for it", async () => {
    await writeModelManifest(dir);
    await writeFile(join(dir, "extra.gguf"), "GGUF smuggled");
    expect(
      (await refusedBundledModels(dir, { requireManifest: false, allowedHashes: null })).size,
    ).toBe(0);
    const refused = await refusedBundledModels(dir, { requireManifest: true, allowedHashes: null });
    expect([...refused.keys()]).toEqual(["extra.gguf"]);
    expect(
      (await refusedBundledModels(dir, { requireManifest: false, allowedHashes: [] })).has(
        "extra.gguf",
      ),
    ).toBe(true);
  });

  it("refuses every model in a folder without a valid manifest when one is required", async () => {
    await writeFile(join(dir, manifestFileName), "{ not json");
    const refused = await refusedBundledModels(dir, { requireManifest: true, allowedHashes: null });
    expect([...refused.keys()].sort()).toEqual(["chat.gguf", "embed.gguf"]);
    await expect(readModelManifest(dir)).rejects.toThrow(/makeModelManifest/);
  });
});
