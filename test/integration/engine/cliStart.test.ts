/**
 * `npm run enclave` runs the built CLI (electron/build/enclave.mjs), built when its sources
 * change, and commands that need no model start without loading node-llama-cpp.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { makeTinyLlama } from "../../fixtures/gguf/writeGguf";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const launcher = path.join(repo, "electron", "build", "enclave.mjs");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "enclave-cli-start-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// A module hook that makes node-llama-cpp fail to resolve: a command that loads it exits non-zero.
const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === "node-llama-cpp" || specifier.startsWith("node-llama-cpp/"))
    throw new Error("node-llama-cpp was loaded");
  return next(specifier, context);
}`;
const refuseLlama = `data:text/javascript,${encodeURIComponent(
  `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`,
)}`;

function run(args: string[], nodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, launcher, ...args], {
    cwd: repo,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the enclave launcher", () => {
  it("runs the CLI from a build of the current sources", async () => {
    const help = run(["--help"]);
    expect(help.stderr).not.toMatch(/failed/);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: enclave");
    const { builtCli, sourceStamp } = (await import(pathToFileURL(launcher).href)) as {
      builtCli: () => string;
      sourceStamp: () => string;
    };
    const entry = builtCli();
    expect(entry).toBe(path.join(repo, "dist", `cli-${sourceStamp()}`, "enclave.js"));
    expect(existsSync(path.join(path.dirname(entry), "pdfWorker.js"))).toBe(true);
    expect(existsSync(path.join(path.dirname(entry), "modelHost.js"))).toBe(true);
  });

  it("lists collections and prints help without loading node-llama-cpp", () => {
    // The hook works: a plain import of node-llama-cpp under it fails.
    const probe = spawnSync(
      process.execPath,
      ["--import", refuseLlama, "--input-type=module", "-e", 'await import("node-llama-cpp")'],
      { encoding: "utf8" },
    );
    expect(probe.status).not.toBe(0);

    const help = run(["--help"], ["--import", refuseLlama]);
    expect(help.code).toBe(0);
    const empty = run(["--data-dir", dataDir, "collections", "--json"], ["--import", refuseLlama]);
    expect(empty.stderr).toBe("");
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual({ collections: [] });
  });

  it("still loads the models when a command needs them", () => {
    const r = run(["--data-dir", dataDir, "models", "--json"], ["--import", refuseLlama]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("node-llama-cpp was loaded");
    const ok = run(["--data-dir", dataDir, "models", "--json"]);
    expect(ok.code).toBe(0);
  });

  it("imports the guide and answers from it as a user's first minute does, models in their own process", async () => {
    const guideData = path.join(dataDir, "first-minute");
    const imported = run(["--data-dir", guideData, "import", "--sample"]);
    expect(imported.stderr).not.toMatch(/missing|failed/i);
    expect(imported.code).toBe(0);
    const question = ["--data-dir", guideData, "ask", "How do I import a whole folder?", "--json"];
    const extractive = run(question);
    expect(extractive.code).toBe(0);
    const answer = JSON.parse(extractive.stdout) as { found: boolean; citations: unknown[] };
    expect(answer.found).toBe(true);
    expect(answer.citations.length).toBeGreaterThan(0);
    // With a chat model the answer comes from the model-host process built beside the CLI.
    const model = await makeTinyLlama(path.join(dataDir, "chat.gguf"), {
      role: "chat",
      contextLength: 1024,
    });
    const generative = run([...question, "--model", model]);
    expect(generative.stderr).not.toMatch(/did not start|Error/);
    expect(generative.code).toBe(0);
    expect(JSON.parse(generative.stdout)).toMatchObject({ mode: "generative", model: "chat.gguf" });
  });
});
