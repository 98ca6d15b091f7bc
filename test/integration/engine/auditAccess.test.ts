import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import type { EngineOptions } from "../../../electron/engine/EngineOptions";
import { verifyAuditFolder } from "../../../electron/engine/audit/openAuditLog";
import { resolvePolicy } from "../../../shared/policy";
import { makePumpManual } from "../../fixtures/documents/pumpManual";
import { makeTinyLlama } from "../../fixtures/gguf/writeGguf";
import { ScriptedGenerator } from "../../fixtures/ScriptedGenerator";

/** One audit line's event, read loosely so these tests also run against older event types. */
type Logged = Record<string, unknown> & { kind: string };

let dir: string;
let dataDir: string;
let documentId: string;

const auditDir = (data: string): string => path.join(data, "audit");
function events(data: string): Logged[] {
  return readFileSync(path.join(auditDir(data), "audit.log.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => (JSON.parse(l) as { event: Logged }).event);
}
const last = (data: string): Logged | undefined => events(data).at(-1);

function open(data: string, options: Partial<EngineOptions> = {}): Promise<Engine> {
  return Engine.create({
    dataDir: data,
    policy: resolvePolicy({ AuditLog: true }, "policy-file"),
    bundledModelsDir: path.join(dir, "no-models"),
    resumeEmbedding: false,
    log: () => undefined,
    ...options,
  });
}
const scripted = (delayMs = 0): Partial<EngineOptions> => ({
  overrides: {
    generator: new ScriptedGenerator({
      script: "Replace the hydraulic oil filter every 250 operating hours [1].",
      delayMs,
    }),
    embedder: null,
  },
});
const question = (requestId: string) => ({
  question: "How often is the hydraulic oil filter replaced?",
  collection: "default",
  conversationId: null,
  requestId,
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-audit-access-"));
  dataDir = path.join(dir, "data");
  mkdirSync(path.join(dir, "docs"));
  writeFileSync(path.join(dir, "docs", "pump.pdf"), await makePumpManual());
  const engine = await open(dataDir, scripted());
  try {
    const report = await engine.importPaths({
      collection: "default",
      requestId: "import",
      paths: [path.join(dir, "docs")],
    });
    documentId = report.results[0]?.documentId ?? "";
  } finally {
    await engine.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the audit log records every access to case data", () => {
  it("opens each session with the policy applied: the managed keys and their values", async () => {
    const before = events(dataDir).length;
    const engine = await open(dataDir);
    await engine.close();
    expect(events(dataDir).slice(before)).toEqual([
      { kind: "policy", managedKeys: ["AuditLog"], values: { AuditLog: true }, problems: [] },
    ]);
    expect((await verifyAuditFolder(auditDir(dataDir))).ok).toBe(true);
  });

  it("records a search, a page view, the document's bytes and the system viewer before returning them", async () => {
    const engine = await open(dataDir, scripted());
    try {
      const hits = await engine.search({
        query: "hydraulic oil filter",
        collections: ["default"],
        limit: 3,
      });
      expect(hits[0]?.page).toBe(2);
      expect(last(dataDir)).toEqual({
        kind: "search",
        collections: ["default"],
        query: "hydraulic oil filter",
        results: hits.map((h) => ({ documentId: h.documentId, page: h.page })),
      });

      await engine.getPageText({ documentId, page: 2 });
      expect(last(dataDir)).toEqual({ kind: "view", documentId, page: 2, via: "page-text" });
      await engine.getDocumentBytes({ documentId });
      expect(last(dataDir)).toEqual({
        kind: "view",
        documentId,
        page: null,
        via: "document-bytes",
      });
      await engine.getDocumentPath({ documentId });
      expect(last(dataDir)).toEqual({ kind: "view", documentId, page: null, via: "system-viewer" });
    } finally {
      await engine.close();
    }
    expect((await verifyAuditFolder(auditDir(dataDir))).ok).toBe(true);
  });

  it("has the question on disk before the first answer token, and the answer after it under the same request id", async () => {
    const engine = await open(dataDir, scripted());
    const seenAtFirstToken: Logged[][] = [];
    engine.on("answerToken", ({ requestId }) => {
      if (requestId === "q1" && seenAtFirstToken.length === 0)
        seenAtFirstToken.push(events(dataDir).filter((e) => e.requestId === "q1"));
    });
    try {
      const { answer } = await engine.ask(question("q1"));
      expect(answer.answer).toContain("hydraulic oil filter");
    } finally {
      await engine.close();
    }
    expect(seenAtFirstToken).toEqual([
      [
        {
          kind: "question",
          requestId: "q1",
          collection: "default",
          question: "How often is the hydraulic oil filter replaced?",
          chatModel: null,
          embeddingModel: null,
        },
      ],
    ]);
    const paired = events(dataDir).filter((e) => e.requestId === "q1");
    expect(paired.map((e) => e.kind)).toEqual(["question", "ask"]);
    expect(paired[1]).toMatchObject({ stopped: false, cited: [{ documentId, page: 2 }] });
    expect((await verifyAuditFolder(auditDir(dataDir))).ok).toBe(true);
  });

  it("records a stopped answer as what was shown of it, marked stopped", async () => {
    const engine = await open(dataDir, scripted(20));
    let shown = "";
    engine.on("answerToken", ({ requestId, text }) => {
      if (requestId !== "q2") return;
      if (shown === "") void engine.abortAsk({ requestId });
      shown += text;
    });
    try {
      await engine.ask(question("q2"));
    } finally {
      await engine.close();
    }
    const paired = events(dataDir).filter((e) => e.requestId === "q2");
    expect(paired.map((e) => e.kind)).toEqual(["question", "ask"]);
    expect(paired[1]).toMatchObject({ stopped: true, answer: shown.trim() });
    expect((await verifyAuditFolder(auditDir(dataDir))).ok).toBe(true);
  });

  it("refuses a question and a search with a named error when the log cannot be written, and shows nothing", async () => {
    const engine = await open(dataDir, scripted());
    const head = path.join(auditDir(dataDir), "audit.head.json");
    const saved = `${head}.saved`;
    const tokens: string[] = [];
    engine.on("answerToken", ({ text }) => tokens.push(text));
    try {
      renameSync(head, saved);
      mkdirSync(head);
      await expect(engine.ask(question("q3"))).rejects.toMatchObject({
        name: "AuditWriteFailedError",
        code: "AUDIT_WRITE_FAILED",
      });
      expect(tokens).toEqual([]);
      expect(
        events(dataDir)
          .filter((e) => e.requestId === "q3")
          .map((e) => e.kind),
      ).toEqual(["question"]);
      await expect(
        engine.search({ query: "hydraulic oil filter", collections: ["default"], limit: 3 }),
      ).rejects.toMatchObject({ name: "AuditWriteFailedError" });
      await expect(engine.getPageText({ documentId, page: 1 })).rejects.toMatchObject({
        name: "AuditWriteFailedError",
      });
    } finally {
      rmSync(head, { recursive: true, force: true });
      renameSync(saved, head);
      await engine.close();
    }
    // The lines written before the head failed verify; the next open rolls the head forward.
    expect((await verifyAuditFolder(auditDir(dataDir))).ok).toBe(true);
    await (await open(dataDir)).close();
    expect(await verifyAuditFolder(auditDir(dataDir))).toMatchObject({ ok: true });
  });

  it("records a model added and a model selected, after the change is saved", async () => {
    const data = path.join(dir, "models-data");
    const file = await makeTinyLlama(path.join(dir, "tiny-chat.gguf"));
    const engine = await open(data);
    try {
      const state = await engine.addModel({ path: file, copy: false });
      const added = state.models.find((m) => m.file === "tiny-chat.gguf");
      expect(last(data)).toEqual({
        kind: "model",
        action: "add",
        role: "chat",
        modelId: added?.id,
        file,
      });
      await engine.selectModel({ role: "chat", modelId: added?.id ?? null });
      expect(last(data)).toEqual({
        kind: "model",
        action: "select",
        role: "chat",
        modelId: added?.id,
      });
    } finally {
      await engine.close();
    }
    expect((await verifyAuditFolder(auditDir(data))).ok).toBe(true);
  });
});
