import { createHash } from "node:crypto";
import {
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  utimes,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ModelNotAllowedError,
  ModelNotFoundError,
  ModelRoleMismatchError,
  NotALocalModelPathError,
  NotAGgufFileError,
  TruncatedModelError,
} from "../../../electron/engine/llm/errors";
import { ModelCatalog } from "../../../electron/engine/llm/ModelCatalog";
import { makeNotGguf, makeTinyLlama, makeTruncatedGguf } from "../../fixtures/gguf/writeGguf";

let root = "";
let dataDir = "";
let bundledDir = "";

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "enclave-catalog-"));
  dataDir = join(root, "data");
  bundledDir = join(root, "resources", "models");
  await mkdir(bundledDir, { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const sha256 = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");

describe("model catalog", () => {
  it("finds models in every folder, in order, with their source and role", async () => {
    const policyDir = join(root, "policy");
    const lmStudio = join(root, "lmstudio");
    const ollama = join(root, "ollama", "blobs");
    for (const d of [policyDir, join(lmStudio, "pub", "model"), ollama, join(dataDir, "models")])
      await mkdir(d, { recursive: true });
    await makeTinyLlama(join(bundledDir, "bundled-chat.gguf"), { role: "chat" });
    await makeTinyLlama(join(policyDir, "policy-embed.gguf"), { role: "embedding", seed: 2 });
    await makeTinyLlama(join(dataDir, "models", "user-rerank.gguf"), { role: "reranker", seed: 3 });
    await makeTinyLlama(join(lmStudio, "pub", "model", "nested.gguf"), { role: "chat", seed: 4 });
    await makeTinyLlama(join(ollama, "sha256-0123abcd"), { role: "chat", seed: 5 });
    await writeFile(join(ollama, "sha256-99999999"), '{"template":"not a model"}');

    const catalog = await ModelCatalog.create({
      dataDir,
      bundledDir,
      policyDir,
      externalDirs: [lmStudio, join(root, "ollama")],
    });
    const state = catalog.state();
    expect(state.folders.map((f) => f.source)).toEqual([
      "bundled",
      "policy",
      "user",
      "external",
      "external",
    ]);
    expect(state.models.map((m) => [m.file, m.source, m.role])).toEqual([
      ["bundled-chat.gguf", "bundled", "chat"],
      ["policy-embed.gguf", "policy", "embedding"],
      ["user-rerank.gguf", "user", "reranker"],
      ["nested.gguf", "external", "chat"],
      ["sha256-0123abcd", "external", "chat"],
    ]);
  });

  it("reads a model's metadata from its header", async () => {
    await makeTinyLlama(join(bundledDir, "m.gguf"), {
      role: "chat",
      contextLength: 2048,
      embeddingLength: 32,
    });
    const [model] = (await ModelCatalog.create({ dataDir, bundledDir })).list();
    expect(model).toMatchObject({
      architecture: "llama",
      contextLength: 2048,
      embeddingLength: 32,
      hasChatTemplate: true,
      quantization: "F32",
      allowed: true,
      problem: "",
    });
    expect(model!.parameters).toBeGreaterThan(10_000);
    expect(model!.sizeBytes).toBeGreaterThan(model!.parameters! * 4);
    expect(model!.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("picks the only candidate of a role by default and none when there are several", async () => {
    await makeTinyLlama(join(bundledDir, "a.gguf"), { role: "chat", seed: 1 });
    await makeTinyLlama(join(bundledDir, "b.gguf"), { role: "chat", seed: 2 });
    await makeTinyLlama(join(bundledDir, "e.gguf"), { role: "embedding", seed: 3 });
    const catalog = await ModelCatalog.create({ dataDir, bundledDir });
    const state = catalog.state();
    expect(state.selected.chat).toBeNull();
    expect(state.selected.embedding).toBe(catalog.list().find((m) => m.file === "e.gguf")!.id);
    expect(state.selected.reranker).toBeNull();
    expect(state.memoryEstimateBytes).toBe(
      catalog.list().find((m) => m.file === "e.gguf")!.sizeBytes,
    );
  });

  it("remembers the user's choice across restarts, including choosing none", async () => {
    await makeTinyLlama(join(bundledDir, "a.gguf"), { role: "chat", seed: 1 });
    await makeTinyLlama(join(bundledDir, "b.gguf"), { role: "chat", seed: 2 });
    await makeTinyLlama(join(bundledDir, "e.gguf"), { role: "embedding", seed: 3 });
    const first = await ModelCatalog.create({ dataDir, bundledDir });
    const b = first.list().find((m) => m.file === "b.gguf")!;
    await first.select("chat", b.id);
    await first.select("embedding", null);
    const again = await ModelCatalog.create({ dataDir, bundledDir });
    expect(again.state().selected).toEqual({ chat: b.id, embedding: null, reranker: null });
  });

  it("refuses to select an unknown model or one of the wrong role", async () => {
    await makeTinyLlama(join(bundledDir, "e.gguf"), { role: "embedding" });
    const catalog = await ModelCatalog.create({ dataDir, bundledDir });
    await expect(catalog.select("chat", "f".repeat(64))).rejects.toBeInstanceOf(ModelNotFoundError);
    await expect(catalog.select("chat", catalog.list()[0]!.id)).rejects.toBeInstanceOf(
      ModelRoleMismatchError,
    );
  });

  it("refuses to add a file that is not GGUF, a truncated GGUF or a URL", async () => {
    const catalog = await ModelCatalog.create({ dataDir, bundledDir });
    await expect(
      catalog.add(await makeNotGguf(join(root, "notes.gguf")), { copy: false }),
    ).rejects.toBeInstanceOf(NotAGgufFileError);
    const truncated = await makeTruncatedGguf(join(root, "half.gguf"), 0.5);
    const error = await catalog.add(truncated, { copy: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TruncatedModelError);
    expect((error as Error).message).toMatch(/incomplete.*Copy the file again/);
    await expect(
      catalog.add(await makeTruncatedGguf(join(root, "header.gguf"), 0.01), { copy: false }),
    ).rejects.toBeInstanceOf(TruncatedModelError);
    await expect(
      catalog.add("https://example.com/model.gguf", { copy: false }),
    ).rejects.toBeInstanceOf(NotALocalModelPathError);
    expect(catalog.list()).toEqual([]);
    await expect(readdir(join(dataDir, "models"))).rejects.toThrow();
  });

  it("adds a file by reference and remembers it, or by copy into the models folder once", async () => {
    const elsewhere = await makeTinyLlama(join(root, "mine.gguf"), { role: "chat" });
    const catalog = await ModelCatalog.create({ dataDir, bundledDir });
    await catalog.add(elsewhere, { copy: false });
    expect(catalog.list().map((m) => [m.path, m.source])).toEqual([[elsewhere, "added"]]);
    expect(
      (await ModelCatalog.create({ dataDir, bundledDir })).list().map((m) => m.source),
    ).toEqual(["added"]);

    const other = await makeTinyLlama(join(root, "copied.gguf"), { role: "embedding", seed: 9 });
    await catalog.add(other, { copy: true });
    await catalog.add(other, { copy: true });
    expect(await readdir(join(dataDir, "models"))).toEqual(["copied.gguf"]);
    expect(catalog.list().find((m) => m.file === "copied.gguf")).toMatchObject({
      source: "user",
      role: "embedding",
    });
  });

  it("lists a file found twice only once, from the first folder", async () => {
    const a = await makeTinyLlama(join(bundledDir, "same.gguf"));
    await mkdir(join(dataDir, "models"), { recursive: true });
    await copyFile(a, join(dataDir, "models", "same-copy.gguf"));
    const catalog = await ModelCatalog.create({ dataDir, bundledDir });
    expect(catalog.list().map((m) => m.source)).toEqual(["bundled"]);
  });

  it("offers only the models a policy allows by full-file hash, wherever they are", async () => {
    const approved = await makeTinyLlama(join(bundledDir, "approved.gguf"), {
      role: "chat",
      seed: 1,
    });
    await mkdir(join(dataDir, "models"), { recursive: true });
    await makeTinyLlama(join(dataDir, "models", "unapproved.gguf"), { role: "chat", seed: 2 });
    const catalog = await ModelCatalog.create({
      dataDir,
      bundledDir,
      allowedHashes: [(await sha256(approved)).toUpperCase()],
    });
    const [ok, blocked] = catalog.list();
    expect(ok).toMatchObject({ file: "approved.gguf", allowed: true, problem: "" });
    expect(blocked).toMatchObject({ file: "unapproved.gguf", allowed: false });
    expect(blocked!.problem).toMatch(/approved/);
    expect(catalog.state().selected.chat).toBe(ok!.id);
    await expect(catalog.select("chat", blocked!.id)).rejects.toBeInstanceOf(ModelNotAllowedError);
    const cache = JSON.parse(
      await readFile(join(dataDir, "settings", "model-hashes.json"), "utf8"),
    ) as Record<string, { sha256: string }>;
    expect(cache[approved]?.sha256).toBe(await sha256(approved));
  });

  it("does not show as allowed a model overwritten in place with its size and mtime restored", async () => {
    const approved = await makeTinyLlama(join(bundledDir, "approved.gguf"), { seed: 1 });
    await utimes(approved, 1_700_000_000, 1_700_000_000);
    const options = { dataDir, bundledDir, allowedHashes: [await sha256(approved)] };
    expect((await ModelCatalog.create(options)).list()[0]?.allowed).toBe(true);
    const other = await makeTinyLlama(join(root, "other.gguf"), { seed: 2 });
    await writeFile(approved, await readFile(other));
    await utimes(approved, 1_700_000_000, 1_700_000_000);
    expect((await ModelCatalog.create(options)).list()[0]?.allowed).toBe(false);
  });

  it("shows a split model as allowed only when every part's hash is listed", async () => {
    const parts = [1, 2].map((n) => join(bundledDir, `big-0000${n}-of-00002.gguf`));
    for (const [i, part] of parts.entries()) await makeTinyLlama(part, { seed: 20 + i });
    const first = await sha256(parts[0]!);
    const both = [first, await sha256(parts[1]!)];
    expect(
      (await ModelCatalog.create({ dataDir, bundledDir, allowedHashes: both })).list()[0]?.allowed,
    ).toBe(true);
    expect(
      (await ModelCatalog.create({ dataDir, bundledDir, allowedHashes: [first] })).list()[0]
        ?.allowed,
    ).toBe(false);
  });

  it("shows a damaged file in a models folder as unusable instead of failing the scan", async () => {
    await makeTruncatedGguf(join(bundledDir, "broken.gguf"), 0.6);
    await makeTinyLlama(join(bundledDir, "fine.gguf"));
    const catalog = await ModelCatalog.create({ dataDir, bundledDir });
    expect(catalog.list().map((m) => [m.file, m.allowed])).toEqual([
      ["broken.gguf", false],
      ["fine.gguf", true],
    ]);
    expect(catalog.list()[0]!.problem).toMatch(/incomplete/);
    expect(catalog.state().selected.chat).toBe(catalog.list()[1]!.id);
  });
});
