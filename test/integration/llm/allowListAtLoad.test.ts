import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyPolicy } from "../../../shared/policy";
import { Engine } from "../../../electron/engine/Engine";
import { createModelServices } from "../../../electron/engine/llm/createModelServices";
import { ModelNotAllowedError } from "../../../electron/engine/llm/errors";
import { LlamaRuntime } from "../../../electron/engine/llm/LlamaRuntime";
import { makeModel as makeAnyModel, overwriteInPlace } from "../../fixtures/gguf/tamperModel";
import { runCliCapture, type CapturedCliRun } from "../../fixtures/runCliCapture";

/** A tiny chat model (the generator loads these) with times `utimes` restores exactly. */
const makeModel = (path: string, seed: number): Promise<string> =>
  makeAnyModel(path, seed, { role: "chat", contextLength: 4096 });

let root = "";
let runtime: LlamaRuntime | null = null;
/** An allowed model, and the parts of an allowed split model. */
let allowedModel = "";
let splitParts: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "enclave-allow-load-"));
  allowedModel = await makeModel(join(root, "mmap-a.gguf"), 1);
  splitParts = [1, 2].map((n) => join(root, `split-0000${n}-of-00002.gguf`));
  for (const [i, part] of splitParts.entries()) await makeModel(part, 30 + i);
  // One runtime (one llama.cpp) for the file: hashes of the model and of both parts allowed.
  runtime = new LlamaRuntime({
    gpu: false,
    idleUnloadMs: 0,
    allowedHashes: await Promise.all([allowedModel, ...splitParts].map(sha256)),
  });
});
afterAll(async () => {
  await runtime?.dispose();
  if (root) await rm(root, { recursive: true, force: true });
});

const sha256 = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");

/** The CLI as the installed app runs it (`Enclave --cli …`): the engine opened with managed policy. */
function cli(args: string[], allowedHashes: string[]): Promise<CapturedCliRun> {
  const policy = emptyPolicy();
  // Managed policy reaches the engine as the installed app's `Enclave --cli` passes it: read
  // once by the CLI (here injected) and handed to the engine it opens.
  return runCliCapture(
    args,
    (dataDir, options) => Engine.create({ dataDir, ...options }),
    () =>
      Promise.resolve({
        ...policy,
        values: { ...policy.values, AllowedModelHashes: allowedHashes },
      }),
  );
}

describe("model allow-list at load", () => {
  it("loads an allowed model with its weights read into memory (no mmap)", async () => {
    expect(await runtime!.use(allowedModel, 128, (model) => Promise.resolve(model.useMmap))).toBe(
      false,
    );
  });

  it("refuses, at load, a model the catalog listed as allowed and that was overwritten since", async () => {
    const bundledDir = join(root, "services", "models");
    await mkdir(bundledDir, { recursive: true });
    const a = await makeModel(join(bundledDir, "chat.gguf"), 1);
    const b = await makeModel(join(root, "services", "other.gguf"), 2);
    const services = await createModelServices({
      dataDir: join(root, "services", "data"),
      bundledDir,
      policy: { gpu: false, allowedHashes: [await sha256(a)] },
      runtime: { idleUnloadMs: 0 },
    });
    try {
      expect(services.catalog.selected("chat")?.allowed).toBe(true);
      await overwriteInPlace(a, b);
      const error = await services.getGenerator().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelNotAllowedError);
      expect((error as Error).message).toContain(await sha256(b));
    } finally {
      await services.dispose();
    }
  });

  it("refuses to load a split model whose second part was swapped", async () => {
    await overwriteInPlace(splitParts[1]!, await makeModel(join(root, "swap.gguf"), 99));
    await expect(runtime!.use(splitParts[0]!, 128, () => Promise.resolve(1))).rejects.toThrow(
      /Part 2 of 2 \(split-00002-of-00002\.gguf\) has SHA-256/,
    );
    expect(runtime!.loadedModels()).toEqual([allowedModel]);
  });

  it("enclave ask --model refuses an allowed model overwritten in place with its size and mtime restored", async () => {
    const dataDir = join(root, "cli-data");
    const docs = join(root, "docs");
    await mkdir(docs, { recursive: true });
    await writeFile(
      join(docs, "pump.md"),
      "# Pump\n\nReplace the hydraulic oil filter every 500 hours.\n",
    );
    const chat = await makeModel(join(root, "cli-chat.gguf"), 1);
    const unapproved = await makeModel(join(root, "cli-unapproved.gguf"), 2);
    const allowed = [await sha256(chat)];
    const question = "How often should the oil filter be replaced?";

    expect((await cli(["--data-dir", dataDir, "import", docs, "--json"], allowed)).code).toBe(0);
    const before = await cli(
      ["--data-dir", dataDir, "ask", question, "--model", chat, "--json"],
      allowed,
    );
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout.trim().split("\n").pop()!)).toMatchObject({
      model: "cli-chat.gguf",
    });

    await overwriteInPlace(chat, unapproved);
    const after = await cli(
      ["--data-dir", dataDir, "ask", question, "--model", chat, "--json"],
      allowed,
    );
    expect(after.code).toBe(1);
    expect(after.stderr).toContain("cannot be used");
  });
});
