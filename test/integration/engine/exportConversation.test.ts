import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import { ConversationStore } from "../../../electron/engine/library/ConversationStore";
import { resolvePolicy } from "../../../shared/policy";
import { makeAnswer } from "../../fixtures/makeAnswer";

let dir: string;
let conversationId: string;

const answer = makeAnswer({ answer: "Isolate the pump first [1]." });

function exportLines(dataDir: string): string[] {
  const log = path.join(dataDir, "audit", "audit.log.jsonl");
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((l) => l.includes('"kind":"export"'));
}

async function open(dataDir: string, raw: Record<string, unknown>): Promise<Engine> {
  return Engine.create({
    dataDir,
    policy: resolvePolicy({ AuditLog: true, ...raw }, "policy-file"),
    bundledModelsDir: path.join(dir, "no-models"),
    resumeEmbedding: false,
    log: () => undefined,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-export-"));
  const store = new ConversationStore(path.join(dir, "data"));
  const c = await store.appendTurn(null, "Case 42", {
    question: "What comes first?",
    answer,
    askedAt: "2025-03-01T10:00:00.000Z",
  });
  conversationId = c.id;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the engine's export", () => {
  it("logs an export only once the file is written, and nothing when the dialog was cancelled", async () => {
    const dataDir = path.join(dir, "data");
    const engine = await open(dataDir, {});
    try {
      const cancelled = await engine.exportConversation({ id: conversationId, format: "pdf" }, () =>
        Promise.resolve(null),
      );
      expect(cancelled).toBeNull();
      expect(exportLines(dataDir)).toEqual([]);

      const target = path.join(dir, "report.pdf");
      const seenAtWrite: string[][] = [];
      const written = await engine.exportConversation(
        { id: conversationId, format: "pdf" },
        (file) => {
          seenAtWrite.push(exportLines(dataDir));
          writeFileSync(target, file.bytes);
          return Promise.resolve(target);
        },
      );
      expect(written).toBe(target);
      expect(seenAtWrite).toEqual([[]]);
      expect(readFileSync(target).subarray(0, 5).toString()).toBe("%PDF-");
      expect(exportLines(dataDir)).toHaveLength(1);
      expect(exportLines(dataDir)[0]).toContain(conversationId);
    } finally {
      await engine.close();
    }
  });

  it("refuses under DisableExport before rendering or saving anything", async () => {
    const dataDir = path.join(dir, "data");
    const engine = await open(dataDir, { DisableExport: true });
    try {
      expect((await engine.getAppInfo()).exportDisabled).toBe(true);
      let saved = false;
      await expect(
        engine.exportConversation({ id: conversationId, format: "markdown" }, () => {
          saved = true;
          return Promise.resolve("/nowhere.md");
        }),
      ).rejects.toMatchObject({ code: "EXPORT_DISABLED" });
      expect(saved).toBe(false);
    } finally {
      await engine.close();
    }
  });

  it("says in AppInfo when LockSettings holds the model choices", async () => {
    const engine = await open(path.join(dir, "locked"), { LockSettings: true });
    try {
      expect(await engine.getAppInfo()).toMatchObject({ settingsLocked: true });
    } finally {
      await engine.close();
    }
  });
});
