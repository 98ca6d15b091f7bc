import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelDoesNotFitError, NotALocalModelPathError } from "../../../electron/engine/llm/errors";
import { LlamaEmbedder } from "../../../electron/engine/llm/LlamaEmbedder";
import { LlamaGenerator } from "../../../electron/engine/llm/LlamaGenerator";
import { LlamaReranker } from "../../../electron/engine/llm/LlamaReranker";
import { LlamaRuntime } from "../../../electron/engine/llm/LlamaRuntime";
import { abortAfterThirdToken } from "../../fixtures/abortMidStream";
import { modelEntry } from "../../fixtures/gguf/modelEntry";
import { makeTinyLlama } from "../../fixtures/gguf/writeGguf";

let dir = "";
let runtime: LlamaRuntime;
let generator: LlamaGenerator;
const paths = { chat: "", embedding: "", reranker: "", plain: "" };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "enclave-llm-"));
  paths.chat = await makeTinyLlama(join(dir, "chat.gguf"), { role: "chat", contextLength: 1024 });
  paths.plain = await makeTinyLlama(join(dir, "plain.gguf"), {
    role: "chat",
    chatTemplate: null,
    seed: 7,
  });
  paths.embedding = await makeTinyLlama(join(dir, "embed.gguf"), {
    role: "embedding",
    embeddingLength: 32,
    seed: 2,
  });
  paths.reranker = await makeTinyLlama(join(dir, "rerank.gguf"), { role: "reranker", seed: 3 });
  runtime = new LlamaRuntime({ gpu: false, idleUnloadMs: 0 });
  generator = await LlamaGenerator.create({ runtime, model: await modelEntry(paths.chat) });
});

afterAll(async () => {
  await generator?.dispose();
  await runtime?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("local model runtime", () => {
  it("runs on the CPU with no more threads than math cores", async () => {
    const llama = await runtime.llama();
    expect(runtime.backend).toBe("cpu");
    const threads = await runtime.threads();
    expect(threads).toBeGreaterThanOrEqual(1);
    expect(threads).toBeLessThanOrEqual(llama.cpuMathCores);
  });

  it("refuses model references that are not local files", async () => {
    await expect(
      runtime.use("hf:someone/model.gguf", 128, () => Promise.resolve(1)),
    ).rejects.toBeInstanceOf(NotALocalModelPathError);
    await expect(
      runtime.use("https://example.com/m.gguf", 128, () => Promise.resolve(1)),
    ).rejects.toBeInstanceOf(NotALocalModelPathError);
  });

  it("refuses a model whose header claims more memory than is free, before loading it", async () => {
    const huge = await makeTinyLlama(join(dir, "huge.gguf"), { claimHugeBlocks: 400 });
    await expect(runtime.use(huge, 4096, () => Promise.resolve(1))).rejects.toBeInstanceOf(
      ModelDoesNotFitError,
    );
    const starved = new LlamaRuntime({
      gpu: false,
      freeMemory: () => Promise.resolve({ ram: 1024, vram: 0 }),
    });
    try {
      const error = await starved
        .use(paths.chat, 512, () => Promise.resolve(1))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelDoesNotFitError);
      expect((error as Error).message).toMatch(/smaller|Close other applications/);
      expect(starved.loadedModels()).toEqual([]);
    } finally {
      await starved.dispose();
    }
  });

  it("unloads a model after the idle period", async () => {
    const quick = new LlamaRuntime({ gpu: false, idleUnloadMs: 50 });
    try {
      await quick.use(paths.plain, 256, (model) =>
        Promise.resolve(model.tokenize("the pump").length),
      );
      expect(quick.loadedModels()).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(quick.loadedModels()).toEqual([]);
    } finally {
      await quick.dispose();
    }
  });
});

describe("embedder", () => {
  it("returns one unit-length vector per text with the model's dimensions and id", async () => {
    const model = await modelEntry(paths.embedding);
    const embedder = new LlamaEmbedder({ runtime, model, contexts: 2 });
    try {
      const texts = [
        "check the pump",
        "open the valve",
        "the manual page",
        "power",
        "table of figures",
      ];
      const { vectors, truncated } = await embedder.embed(texts);
      expect(embedder.modelId).toBe(model.id);
      expect(embedder.dimensions).toBe(32);
      expect(truncated).toBe(0);
      expect(vectors).toHaveLength(texts.length);
      for (const v of vectors) {
        expect(v).toHaveLength(32);
        expect(Math.hypot(...v)).toBeCloseTo(1, 4);
      }
      // Same text, same vector, whichever context embedded it.
      const again = await embedder.embed(["open the valve"]);
      expect(Array.from(again.vectors[0]!)).toEqual(
        Array.from(vectors[1]!).map((x) => expect.closeTo(x, 4) as unknown as number),
      );
      expect(Array.from(vectors[0]!)).not.toEqual(Array.from(vectors[1]!));
    } finally {
      await embedder.dispose();
    }
  });

  it("truncates texts longer than its context and counts them", async () => {
    const embedder = new LlamaEmbedder({
      runtime,
      model: await modelEntry(paths.embedding),
      contextSize: 64,
      contexts: 1,
    });
    try {
      const long = "check the pump and the valve on page ".repeat(40);
      const { vectors, truncated } = await embedder.embed([long, "short text", long]);
      expect(truncated).toBe(2);
      expect(vectors).toHaveLength(3);
      expect(Math.hypot(...vectors[0]!)).toBeCloseTo(1, 4);
    } finally {
      await embedder.dispose();
    }
  });

  it("stops when aborted", async () => {
    const embedder = new LlamaEmbedder({ runtime, model: await modelEntry(paths.embedding) });
    try {
      await expect(embedder.embed(["a"], AbortSignal.abort())).rejects.toThrow();
    } finally {
      await embedder.dispose();
    }
  });
});

describe("reranker", () => {
  it("scores every document between 0 and 1 in input order, deterministically", async () => {
    const reranker = new LlamaReranker({ runtime, model: await modelEntry(paths.reranker) });
    try {
      const documents = ["the pump manual", "a table of figures", "open the valve", "power check"];
      const scores = await reranker.rank("pump check", documents);
      expect(scores).toHaveLength(documents.length);
      for (const s of scores) {
        expect(s).toBeGreaterThan(0);
        expect(s).toBeLessThan(1);
      }
      expect(new Set(scores.map((s) => s.toFixed(6))).size).toBeGreaterThan(1);
      expect(await reranker.rank("pump check", [documents[2]!])).toEqual([
        expect.closeTo(scores[2]!, 5),
      ]);
    } finally {
      await reranker.dispose();
    }
  });
});

describe("generator", () => {
  it("counts tokens with the model's own tokenizer", () => {
    expect(generator.countTokens("the pump")).toBe(2);
    expect(generator.countTokens("the pump check the valve")).toBe(5);
    expect(generator.countTokens("")).toBe(0);
    expect(generator.templateName).toBe("ChatML");
  });

  it("streams tokens whose concatenation is the answer", async () => {
    const chunks: string[] = [];
    const result = await generator.generate(
      [
        { role: "system", content: "Answer from the manual." },
        { role: "user", content: "check the pump" },
      ],
      { maxTokens: 12, temperature: 0, onToken: (t) => chunks.push(t) },
    );
    expect(result.aborted).toBe(false);
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.join("")).toBe(result.text);
    expect(result.generatedTokens).toBeGreaterThan(0);
    expect(result.promptTokens).toBeGreaterThan(
      generator.countTokens("Answer from the manual. check the pump"),
    );
    expect(result.timeToFirstTokenMs).toBeGreaterThan(0);
  });

  it("stops mid-stream when aborted and returns the text so far without throwing", async () => {
    const { result, received, count } = await abortAfterThirdToken(generator);
    expect(result.aborted).toBe(true);
    expect(count).toBeLessThan(20);
    expect(result.text).toBe(received);
  });

  it("returns at once when the signal is already aborted", async () => {
    const result = await generator.generate([{ role: "user", content: "power" }], {
      signal: AbortSignal.abort(),
    });
    expect(result).toMatchObject({ text: "", aborted: true, generatedTokens: 0 });
  });

  it("measures prompt speed once and caches it", async () => {
    const first = await generator.promptTokensPerSecond();
    expect(first).toBeGreaterThan(0);
    expect(await generator.promptTokensPerSecond()).toBe(first);
  });

  it("falls back to a plain template for a model file without one", async () => {
    const plain = await LlamaGenerator.create({ runtime, model: await modelEntry(paths.plain) });
    try {
      expect(plain.templateName).toBe("General");
      const result = await plain.generate([{ role: "user", content: "the page" }], {
        maxTokens: 5,
        temperature: 0,
      });
      expect(result.aborted).toBe(false);
      expect(result.promptTokens).toBeGreaterThan(2);
    } finally {
      await plain.dispose();
    }
  });
});
