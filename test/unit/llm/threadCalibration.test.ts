import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ThreadCalibrationCache,
  calibrateThreads,
  generationCost,
  machineKey,
  pickThreads,
} from "../../../electron/engine/llm/threadCalibration";

describe("thread calibration", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "enclave-calib-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("calibrates a local llama.cpp build apart from the prebuilt binary on the same machine", async () => {
    const cache = new ThreadCalibrationCache(path.join(dir, "calibration.json"));
    await cache.set("m|batch", machineKey("cpu", "prebuilt"), { threads: 1, msPerToken: [10, 11] });
    expect(await cache.get("m|batch", machineKey("cpu", "localBuild"))).toBeUndefined();
    expect((await cache.get("m|batch", machineKey("cpu", "prebuilt")))?.threads).toBe(1);
  });

  it("times every count from 1 to the cores and picks the fastest", async () => {
    const timed: number[] = [];
    const choice = await calibrateThreads(4, (threads) => {
      timed.push(threads);
      return Promise.resolve([100, 60, 40, 45][threads - 1] as number);
    });
    expect(timed).toEqual([1, 2, 3, 4]);
    expect(choice).toEqual({ threads: 3, msPerToken: [100, 60, 40, 45] });
  });

  it("prefers fewer threads when they are within 5% of the fastest, never more than the cores", () => {
    expect(pickThreads([50, 49])).toBe(1);
    expect(pickThreads([50, 40])).toBe(2);
    expect(pickThreads([30, 60])).toBe(1);
    expect(pickThreads([NaN, 20, 0])).toBe(2);
    expect(pickThreads([])).toBe(1);
  });

  it("remembers a choice per model and machine across restarts, and survives a damaged file", async () => {
    const file = path.join(dir, "thread-calibration.json");
    const first = new ThreadCalibrationCache(file);
    await first.set("model-a", "cpu-x|2|cpu", { threads: 2, msPerToken: [80, 50] });
    const reopened = new ThreadCalibrationCache(file);
    expect(await reopened.get("model-a", "cpu-x|2|cpu")).toEqual({
      threads: 2,
      msPerToken: [80, 50],
    });
    expect(await reopened.get("model-a", "cpu-y|8|cpu")).toBeUndefined();
    expect(await reopened.get("model-b", "cpu-x|2|cpu")).toBeUndefined();
    expect(JSON.parse(await readFile(file, "utf8"))).toHaveProperty(
      ["model-a|cpu-x|2|cpu", "threads"],
      2,
    );

    await writeFile(file, "{ not json");
    expect(await new ThreadCalibrationCache(file).get("model-a", "cpu-x|2|cpu")).toBeUndefined();
  });
});

describe("what a chat model's thread count is chosen for", () => {
  it("weighs the prompt's batches with the answer's tokens, as in a typical question", () => {
    // 1 thread decodes a little faster, 2 threads evaluate the prompt 1.7x faster: a question
    // (ten prompt tokens per answer token) is faster on 2.
    const oneThread = generationCost(40, 9);
    const twoThreads = generationCost(42, 5.3);
    expect(pickThreads([oneThread, twoThreads])).toBe(2);
    expect(pickThreads([40, 42])).toBe(1); // decoding alone would have picked 1
  });
});
