import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withInProcessFallback } from "../../../electron/engine/llm/hostFallback";
import { HostedEmbedder, HostedGenerator } from "../../../electron/engine/llm/hostedServices";
import { LlamaRuntime } from "../../../electron/engine/llm/LlamaRuntime";
import { ModelHostClient } from "../../../electron/engine/llm/ModelHostClient";
import { modelEntry } from "../../fixtures/gguf/modelEntry";
import { makeTinyModelSet } from "../../fixtures/gguf/tinyModelSet";

let dir = "";
let local: LlamaRuntime;
const paths = { chat: "", embedding: "", reranker: "" };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "enclave-host-fallback-"));
  Object.assign(paths, await makeTinyModelSet(dir));
  local = new LlamaRuntime({ gpu: false, idleUnloadMs: 0 });
});

afterAll(async () => {
  await local?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a model process that cannot start", () => {
  it("leaves questions answered by models in this process, and says why once", async () => {
    let launches = 0;
    const reasons: string[] = [];
    const client = new ModelHostClient({
      launch: withInProcessFallback(
        () => {
          launches++;
          return Promise.reject(new Error("modelHost.js is missing"));
        },
        (error) => reasons.push(error.message),
      ),
      runtime: { gpu: false, idleUnloadMs: 0 },
    });
    const generator = await HostedGenerator.create({
      client,
      vocabRuntime: local,
      model: await modelEntry(paths.chat),
    });
    const embedder = new HostedEmbedder({ client, model: await modelEntry(paths.embedding) });
    try {
      const tokens: string[] = [];
      const answer = await generator.generate(
        [
          { role: "system", content: "Answer from the manual." },
          { role: "user", content: "check the pump" },
        ],
        { maxTokens: 8, temperature: 0, onToken: (t) => tokens.push(t) },
      );
      expect(answer.text.length).toBeGreaterThan(0);
      expect(tokens.join("")).toBe(answer.text);
      const { vectors } = await embedder.embed(["pump seal", "valve torque"]);
      expect(vectors).toHaveLength(2);
      expect(vectors[0]).toHaveLength(32);
      expect(client.backend).toBe("cpu");
      // The failing launcher was tried once; later starts go straight to this process.
      expect(launches).toBe(1);
      expect(reasons).toEqual(["modelHost.js is missing"]);
    } finally {
      await generator.dispose();
      await embedder.dispose();
      await client.dispose();
    }
  });
});
