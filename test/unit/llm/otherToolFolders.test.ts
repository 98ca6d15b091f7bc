import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { otherToolFolders } from "../../../electron/engine/llm/otherToolFolders";

const home = mkdtempSync(path.join(os.tmpdir(), "enclave-home-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("other local tools' model folders", () => {
  it("lists the LM Studio, Ollama, GPT4All and Jan folders that exist, and only those", () => {
    expect(otherToolFolders("linux", home, {})).toEqual([]);
    for (const dir of [".lmstudio/models", ".ollama/models/blobs", ".local/share/nomic.ai/GPT4All"])
      mkdirSync(path.join(home, dir), { recursive: true });
    expect(otherToolFolders("linux", home, {})).toEqual([
      path.join(home, ".lmstudio", "models"),
      path.join(home, ".ollama", "models", "blobs"),
      path.join(home, ".local", "share", "nomic.ai", "GPT4All"),
    ]);
  });

  it("follows OLLAMA_MODELS when the user moved Ollama's store", () => {
    const moved = path.join(home, "elsewhere");
    mkdirSync(path.join(moved, "blobs"), { recursive: true });
    expect(otherToolFolders("linux", home, { OLLAMA_MODELS: moved })).toContain(
      path.join(moved, "blobs"),
    );
  });
});
