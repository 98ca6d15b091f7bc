import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { makeTinyLlama } from "../../fixtures/gguf/writeGguf";

const script = fileURLToPath(new URL("../../fixtures/llm/embedThenDispose.ts", import.meta.url));
let dir = "";

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a command that uses the model process and then shuts it down", () => {
  it("goes on to its next step after the shutdown instead of exiting early", async () => {
    dir = await mkdtemp(join(tmpdir(), "enclave-host-lifetime-"));
    const model = await makeTinyLlama(join(dir, "embed.gguf"), {
      role: "embedding",
      embeddingLength: 32,
      seed: 2,
    });
    // Nothing else keeps that process alive: the host's start and shutdown must.
    const run = spawnSync(process.execPath, ["--import", "tsx", script, model], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.stdout.split("\n")).toEqual(["embedded 2", "after dispose", ""]);
    expect(run.status).toBe(0);
  });
});
