import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyPolicy } from "../../../shared/policy";
import { Engine } from "../../../electron/engine/Engine";
import { SettingsLockedError } from "../../../electron/engine/errors";
import { makePumpManual } from "../../fixtures/documents/pumpManual";
import { makeTinyLlama } from "../../fixtures/gguf/writeGguf";
import { json, runCliSync } from "./cliHelpers";

let dir: string;
let dataDir: string;
let chatA: string;
let chatB: string;
let chatAId: string;

const QUESTION = "How often should the hydraulic oil filter be replaced?";

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-ask-model-"));
  dataDir = path.join(dir, "data");
  mkdirSync(path.join(dir, "docs"));
  writeFileSync(path.join(dir, "docs", "pump.pdf"), await makePumpManual());
  chatA = await makeTinyLlama(path.join(dir, "chat-a.gguf"), {
    role: "chat",
    contextLength: 4096,
    seed: 1,
  });
  chatB = await makeTinyLlama(path.join(dir, "chat-b.gguf"), {
    role: "chat",
    contextLength: 4096,
    seed: 2,
  });
  // The user's choice, made in the app: chat model A.
  const engine = await Engine.create({ dataDir });
  try {
    await engine.importPaths({
      collection: "default",
      requestId: "import",
      paths: [path.join(dir, "docs")],
    });
    const state = await engine.addModel({ path: chatA, copy: false });
    chatAId = state.models.find((m) => m.path === chatA)?.id ?? "";
    await engine.selectModel({ role: "chat", modelId: chatAId });
  } finally {
    await engine.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ask --model", () => {
  it("answers that question with the given model and leaves the selected chat model as it was", () => {
    const withB = json<{ model: string | null }>(
      runCliSync(["--data-dir", dataDir, "ask", QUESTION, "--model", chatB, "--json"]),
    );
    expect(withB.model).toBe("chat-b.gguf");

    const models = json<{ selected: { chat: string | null } }>(
      runCliSync(["--data-dir", dataDir, "models", "--json"]),
    );
    expect(models.selected.chat).toBe(chatAId);

    const next = json<{ model: string | null }>(
      runCliSync(["--data-dir", dataDir, "ask", QUESTION, "--json"]),
    );
    expect(next.model).toBe("chat-a.gguf");
  });

  it("refuses a file that is not a chat model, and still changes nothing", async () => {
    const embed = await makeTinyLlama(path.join(dir, "embed.gguf"), { role: "embedding", seed: 3 });
    const run = runCliSync(["--data-dir", dataDir, "ask", QUESTION, "--model", embed, "--json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("cannot be used as the chat model");
    expect(
      json<{ selected: { chat: string | null } }>(
        runCliSync(["--data-dir", dataDir, "models", "--json"]),
      ).selected.chat,
    ).toBe(chatAId);
  });

  it("is refused under LockSettings, where IT chooses the chat model for every question", async () => {
    const open = await Engine.create({ dataDir, resumeEmbedding: false });
    const chatBId =
      (await open.addModel({ path: chatB, copy: false })).models.find((m) => m.path === chatB)
        ?.id ?? "";
    await open.close();
    const policy = emptyPolicy();
    const locked = await Engine.create({
      dataDir,
      resumeEmbedding: false,
      policy: { ...policy, values: { ...policy.values, LockSettings: true } },
    });
    try {
      await expect(
        locked.ask(
          { question: QUESTION, collection: "default", conversationId: null, requestId: "locked" },
          { chatModelId: chatBId },
        ),
      ).rejects.toBeInstanceOf(SettingsLockedError);
    } finally {
      await locked.close();
    }
  });
});
