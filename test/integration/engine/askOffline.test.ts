import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePumpManual } from "../../fixtures/documents/pumpManual";
import { makeTinyLlama } from "../../fixtures/gguf/writeGguf";
import { json, runCliSync } from "./cliHelpers";

interface AskJson {
  answer: string;
  mode: "generative" | "extractive";
  found: boolean;
  citations: { n: number; file: string; page: number; text: string; span: string }[];
  sources: { n: number; file: string; page: number }[];
  model: string | null;
}

let dir: string;
let dataDir: string;
let chatModel: string;
let embedModel: string;
/** No interfaces at all, not even loopback up: nothing can leave. */
const offline = ["unshare", "-rn"];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-ask-"));
  dataDir = path.join(dir, "data");
  mkdirSync(path.join(dir, "docs"));
  writeFileSync(path.join(dir, "docs", "pump.pdf"), await makePumpManual());
  chatModel = await makeTinyLlama(path.join(dir, "tiny-chat.gguf"), {
    role: "chat",
    contextLength: 4096,
  });
  embedModel = await makeTinyLlama(path.join(dir, "tiny-embed.gguf"), { role: "embedding" });
  const imported = runCliSync([
    "--data-dir",
    dataDir,
    "import",
    path.join(dir, "docs"),
    "--embedding-model",
    embedModel,
    "--json",
  ]);
  expect(imported.code, imported.stderr).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("asking with no network at all", () => {
  it("the sandbox really has no network", () => {
    const out = execFileSync("unshare", ["-rn", "cat", "/proc/net/dev"], { encoding: "utf8" });
    expect(out).not.toMatch(/eth0|ens|wlan/);
  });

  it("answers extractively with citations whose markers appear in the answer when no chat model is chosen", () => {
    const run = runCliSync(
      [
        "--data-dir",
        dataDir,
        "ask",
        "How often should the hydraulic oil filter be replaced?",
        "--json",
      ],
      { prefix: offline },
    );
    const a = json<AskJson>(run);
    expect(a.mode).toBe("extractive");
    expect(a.found).toBe(true);
    expect(a.citations.length).toBeGreaterThan(0);
    for (const c of a.citations) expect(a.answer).toContain(`[${c.n}]`);
    expect(a.citations[0]).toMatchObject({ file: "pump.pdf", page: 2 });
  });

  it("answers generatively with a local GGUF model, its sources listed", () => {
    const run = runCliSync(
      [
        "--data-dir",
        dataDir,
        "--show-refusals",
        "ask",
        "How often should the hydraulic oil filter be replaced?",
        "--model",
        chatModel,
        "--json",
      ],
      { prefix: offline },
    );
    const a = json<AskJson>(run);
    expect(a.mode).toBe("generative");
    expect(a.model).toBe("tiny-chat.gguf");
    expect(a.sources.length).toBeGreaterThan(0);
    expect(a.sources[0]?.file).toBe("pump.pdf");
    expect(run.stderr).toContain("Network: no connection attempted.");
  });

  it("says plainly when the documents do not answer", () => {
    const a = json<AskJson>(
      runCliSync(["--data-dir", dataDir, "ask", "What is the capital of Mongolia?", "--json"], {
        prefix: offline,
      }),
    );
    expect(a.found).toBe(false);
    expect(a.citations).toEqual([]);
  });

  it("search uses the vectors made at import (hybrid) and still finds the page", () => {
    const out = json<{ results: { file: string; page: number }[] }>(
      runCliSync(["--data-dir", dataDir, "search", "oil filter replacement interval", "--json"], {
        prefix: offline,
      }),
    );
    expect(out.results[0]).toMatchObject({ file: "pump.pdf", page: 2 });
    const models = json<{ selected: { embedding: string | null } }>(
      runCliSync(["--data-dir", dataDir, "models", "--json"]),
    );
    expect(models.selected.embedding).not.toBeNull();
  });

  it("writes a diagnostics bundle for IT that holds no document text", () => {
    const out = path.join(dir, "diag.json");
    const run = runCliSync(["--data-dir", dataDir, "diagnostics", "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(JSON.parse(text)).toHaveProperty("appVersion");
    expect(text).not.toContain("hydraulic");
    expect(text).not.toContain("Replace the");
  });
});
