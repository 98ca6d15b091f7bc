import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditLog, AuditWriteFailedError } from "../../../electron/engine/audit/AuditLog";
import { exportAuditReport } from "../../../electron/engine/audit/exportAuditReport";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "enclave-audit-report-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const doc = "d".repeat(64);

describe("the audit report", () => {
  it("describes the policy, the question with its answer, searches, views and model changes", async () => {
    const log = await AuditLog.open({ dir, appVersion: "0.2.0", user: "analyst" });
    await log.append({
      kind: "policy",
      managedKeys: ["AuditLog", "DisableExport"],
      values: { AuditLog: true, DisableExport: true },
      problems: [],
    });
    await log.append({
      kind: "question",
      requestId: "r-7",
      collection: "Case 42",
      question: "Who signed the lease?",
      chatModel: null,
      embeddingModel: null,
    });
    await log.append({
      kind: "ask",
      requestId: "r-7",
      stopped: true,
      collection: "Case 42",
      question: "Who signed the lease?",
      answer: "The tenant",
      retrieved: [{ documentId: doc, page: 4 }],
      cited: [],
      chatModel: null,
      embeddingModel: null,
    });
    await log.append({
      kind: "search",
      collections: ["Case 42"],
      query: "lease signature",
      results: [{ documentId: doc, page: 4 }],
    });
    await log.append({ kind: "view", documentId: doc, page: 4, via: "page-text" });
    await log.append({ kind: "view", documentId: doc, page: null, via: "system-viewer" });
    await log.append({
      kind: "model",
      action: "add",
      role: "chat",
      modelId: "c".repeat(64),
      file: "/m/chat.gguf",
    });
    await log.append({ kind: "model", action: "select", role: "chat", modelId: null });
    await log.close();

    const report = await exportAuditReport(log.file);
    expect(report).toContain("Policy applied");
    expect(report).toContain("  - DisableExport: `true`");
    expect(report).toContain("## 2. Question asked");
    expect(report).toContain("## 3. Question answered");
    expect(report.match(/- Request: r-7/g)).toHaveLength(2);
    expect(report).toContain("Stopped by the user");
    expect(report).toContain("## 4. Search");
    expect(report).toContain("> lease signature");
    expect(report).toContain("- Results: dddddddddddd… p. 4");
    expect(report).toContain("- Page: 4");
    expect(report).toContain("- Shown as: opened in the system viewer");
    expect(report).toContain("## 7. Model added");
    expect(report).toContain("- File: /m/chat.gguf");
    expect(report).toContain("## 8. Model selected");
    expect(report).toContain("- Model SHA-256: none (cleared)");
  });

  it("refuses to record on a closed log with a named error", async () => {
    const log = await AuditLog.open({ dir, appVersion: "0.2.0", user: "analyst" });
    await log.close();
    await expect(
      log.append({ kind: "view", documentId: doc, page: 1, via: "page-text" }),
    ).rejects.toBeInstanceOf(AuditWriteFailedError);
  });
});
