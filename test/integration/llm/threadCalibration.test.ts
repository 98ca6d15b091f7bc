import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectGguf } from "../../../electron/engine/llm/inspectGguf";
import { LlamaGenerator } from "../../../electron/engine/llm/LlamaGenerator";
import { LlamaRuntime } from "../../../electron/engine/llm/LlamaRuntime";
import { fastModelId } from "../../../electron/engine/llm/modelHashes";
import { machineKey } from "../../../electron/engine/llm/threadCalibration";
import { makeTinyLlama } from "../../fixtures/gguf/writeGguf";

let dir = "";
let model = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "enclave-calibration-"));
  model = await makeTinyLlama(join(dir, "chat.gguf"), { role: "chat", contextLength: 512 });
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function generateWith(calibrationFile: string) {
  const runtime = new LlamaRuntime({ gpu: false, idleUnloadMs: 0, calibrationFile });
  const s = await inspectGguf(model);
  const generator = await LlamaGenerator.create({
    runtime,
    model: {
      id: await fastModelId(model),
      path: model,
      file: "chat.gguf",
      contextLength: s.contextLength,
      hasChatTemplate: s.hasChatTemplate,
    },
  });
  try {
    await generator.generate([{ role: "user", content: "check the pump" }], { maxTokens: 2 });
    return {
      threads: generator.threadsInUse,
      cores: await runtime.threads(),
      binary: runtime.binary ?? "",
    };
  } finally {
    await generator.dispose();
    await runtime.dispose();
  }
}

describe("thread count chosen on the loaded model", () => {
  it("times every thread count once, keeps the choice per model and machine, and reuses it after a restart", async () => {
    const file = join(dir, "thread-calibration.json");
    const first = await generateWith(file);
    const key = `${await fastModelId(model)}|generation|${machineKey("cpu", first.binary)}`;
    const saved = JSON.parse(await readFile(file, "utf8")) as Record<
      string,
      { threads: number; msPerToken: number[] }
    >;
    expect(saved[key]?.threads).toBe(first.threads);
    expect(saved[key]?.msPerToken).toHaveLength(first.cores);
    expect(first.threads).toBeGreaterThanOrEqual(1);
    expect(first.threads).toBeLessThanOrEqual(first.cores);

    // A later start takes the remembered count instead of measuring again.
    const remembered = first.cores > 1 && first.threads === 1 ? first.cores : 1;
    await writeFile(file, JSON.stringify({ [key]: { threads: remembered, msPerToken: [] } }));
    expect((await generateWith(file)).threads).toBe(remembered);
  }, 60_000);
});
