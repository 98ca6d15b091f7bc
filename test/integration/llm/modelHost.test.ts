import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forkModelHost } from "../../../electron/engine/forkModelHost";
import { ModelNotAllowedError } from "../../../electron/engine/llm/errors";
import {
  HostedEmbedder,
  HostedGenerator,
  HostedReranker,
} from "../../../electron/engine/llm/hostedServices";
import { LlamaEmbedder } from "../../../electron/engine/llm/LlamaEmbedder";
import { LlamaGenerator } from "../../../electron/engine/llm/LlamaGenerator";
import { LlamaReranker } from "../../../electron/engine/llm/LlamaReranker";
import { LlamaRuntime } from "../../../electron/engine/llm/LlamaRuntime";
import {
  ModelHostClient,
  ModelHostCrashedError,
} from "../../../electron/engine/llm/ModelHostClient";
import { abortAfterThirdToken } from "../../fixtures/abortMidStream";
import { modelEntry } from "../../fixtures/gguf/modelEntry";
import { makeTinyModelSet } from "../../fixtures/gguf/tinyModelSet";

let dir = "";
/** Models in this test process, to compare the host's answers with. */
let local: LlamaRuntime;
let client: ModelHostClient;
let generator: HostedGenerator;
const paths = { chat: "", embedding: "", reranker: "" };

const question = [
  { role: "system" as const, content: "Answer from the manual." },
  { role: "user" as const, content: "check the pump" },
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "enclave-host-"));
  Object.assign(paths, await makeTinyModelSet(dir));
  local = new LlamaRuntime({ gpu: false, idleUnloadMs: 0 });
  client = new ModelHostClient({
    launch: forkModelHost(),
    runtime: { gpu: false, idleUnloadMs: 0 },
  });
  generator = await HostedGenerator.create({
    client,
    vocabRuntime: local,
    model: await modelEntry(paths.chat),
  });
});

afterAll(async () => {
  await generator?.dispose();
  await client?.dispose();
  await local?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("models in the model-host process", () => {
  it("streams the same greedy answer the model gives in this process", async () => {
    const chunks: string[] = [];
    const hosted = await generator.generate(question, {
      maxTokens: 12,
      temperature: 0,
      onToken: (t) => chunks.push(t),
    });
    expect(client.backend).toBe("cpu");
    const inProcess = await LlamaGenerator.create({
      runtime: local,
      model: await modelEntry(paths.chat),
    });
    try {
      const expected = await inProcess.generate(question, { maxTokens: 12, temperature: 0 });
      expect(hosted.text).toBe(expected.text);
      expect(hosted.generatedTokens).toBe(expected.generatedTokens);
      expect(hosted.promptTokens).toBe(expected.promptTokens);
      expect(generator.countTokens("check the pump")).toBe(inProcess.countTokens("check the pump"));
    } finally {
      await inProcess.dispose();
    }
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.join("")).toBe(hosted.text);
    expect(hosted.timeToFirstTokenMs).toBeGreaterThan(0);
  });

  it("stops mid-stream when aborted, returns the text so far, and generates again after", async () => {
    const { result, received } = await abortAfterThirdToken(generator);
    expect(result.aborted).toBe(true);
    expect(result.generatedTokens).toBeLessThan(200);
    expect(result.text).toBe(received);
    const already = await generator.generate(question, { signal: AbortSignal.abort() });
    expect(already).toMatchObject({ text: "", aborted: true, generatedTokens: 0 });
    const next = await generator.generate(question, { maxTokens: 4, temperature: 0 });
    expect(next.aborted).toBe(false);
    expect(next.generatedTokens).toBeGreaterThan(0);
  });

  it("fails the request in flight with a clear error when the host dies, then starts a new host", async () => {
    const starts = client.starts;
    const answer = generator.generate([{ role: "user", content: "open the valve" }], {
      maxTokens: 200,
      temperature: 0,
      onToken: () => client.kill(),
    });
    await expect(answer).rejects.toBeInstanceOf(ModelHostCrashedError);
    await expect(answer).rejects.toThrow(/model process stopped unexpectedly \(signal SIGKILL\)/);
    const after = await generator.generate(question, { maxTokens: 4, temperature: 0 });
    expect(after.generatedTokens).toBeGreaterThan(0);
    expect(client.starts).toBe(starts + 1);
  });

  it("embeds and ranks as the same models do in this process", async () => {
    const texts = ["check the pump", "open the valve", "power", "table of figures"];
    const embedModel = await modelEntry(paths.embedding);
    const hosted = new HostedEmbedder({ client, model: embedModel, contexts: 2 });
    const inProcess = new LlamaEmbedder({ runtime: local, model: embedModel, contexts: 2 });
    const rankModel = await modelEntry(paths.reranker);
    const hostedRanker = new HostedReranker({ client, model: rankModel });
    const localRanker = new LlamaReranker({ runtime: local, model: rankModel });
    try {
      const got = await hosted.embed(texts);
      const want = await inProcess.embed(texts);
      expect(hosted.dimensions).toBe(32);
      expect(got.vectors).toHaveLength(texts.length);
      for (const [i, v] of got.vectors.entries()) {
        expect(v).toBeInstanceOf(Float32Array);
        expect(Array.from(v)).toEqual(
          Array.from(want.vectors[i]!).map((x) => expect.closeTo(x, 4) as unknown as number),
        );
      }
      await expect(hosted.embed(["a"], AbortSignal.abort())).rejects.toThrow();
      const docs = ["the pump is checked monthly", "a valve", "power supply"];
      const scores = await hostedRanker.rank("pump check", docs);
      expect(scores).toEqual(
        (await localRanker.rank("pump check", docs)).map((x) => expect.closeTo(x, 4) as unknown),
      );
    } finally {
      await Promise.all([hosted, inProcess, hostedRanker, localRanker].map((s) => s.dispose()));
    }
  });

  it("checks the allow-list in the host before it loads, and the refusal arrives as the same error", async () => {
    const other = new ModelHostClient({
      launch: forkModelHost(),
      runtime: { gpu: false, idleUnloadMs: 0, allowedHashes: [sha256Of("something else")] },
    });
    try {
      const embedder = new HostedEmbedder({
        client: other,
        model: await modelEntry(paths.embedding),
      });
      const refused = embedder.embed(["the pump"]);
      await expect(refused).rejects.toBeInstanceOf(ModelNotAllowedError);
      await expect(refused).rejects.toMatchObject({
        code: "MODEL_NOT_ALLOWED",
        message: expect.stringContaining(
          createHash("sha256")
            .update(await readFile(paths.embedding))
            .digest("hex"),
        ) as unknown,
      });
    } finally {
      await other.dispose();
    }
  });
});

function sha256Of(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
