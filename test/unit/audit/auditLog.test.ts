import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AuditLog,
  AuditLogDamagedError,
  auditFileNames,
} from "../../../electron/engine/audit/AuditLog";
import { mac, ratchet, sealLine, splitLine } from "../../../electron/engine/audit/auditChain";
import { openSealedSeed, readLocalSeed } from "../../../electron/engine/audit/auditSeed";
import { exportAuditReport } from "../../../electron/engine/audit/exportAuditReport";
import type { AuditEvent, AuditHead } from "../../../electron/engine/audit/types";
import { verifyAuditLog } from "../../../electron/engine/audit/verifyAuditLog";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "enclave-audit-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const doc = "d".repeat(64);
const ask = (n: number): AuditEvent => ({
  kind: "ask",
  collection: "Case 42",
  question: `Question number ${n}?`,
  answer: `Answer number ${n} [1].`,
  retrieved: [
    { documentId: doc, page: n },
    { documentId: doc, page: n + 1 },
  ],
  cited: [{ documentId: doc, page: n }],
  chatModel: "c".repeat(64),
  embeddingModel: null,
});

async function writeLog(count: number): Promise<{ file: string; headFile: string; key: Buffer }> {
  const log = await AuditLog.open({
    dir,
    appVersion: "0.1.0",
    user: "analyst",
    now: () => new Date("2026-01-02T03:04:05Z"),
  });
  await log.append({
    kind: "import",
    collection: "Case 42",
    file: "manual.pdf",
    documentId: doc,
    ok: true,
  });
  for (let i = 2; i <= count; i++) await log.append(ask(i));
  await log.close();
  return {
    file: log.file,
    headFile: log.headFile,
    key: await readLocalSeed(join(dir, auditFileNames.seed)),
  };
}

async function lines(file: string): Promise<string[]> {
  return (await readFile(file, "utf8")).split("\n").filter(Boolean);
}
async function rewrite(file: string, list: string[]): Promise<void> {
  await writeFile(file, list.map((l) => `${l}\n`).join(""));
}

describe("the audit log", () => {
  it("records imports and questions with user, version, models and cited pages", async () => {
    const { file } = await writeLog(3);
    const entries = (await lines(file)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({
      seq: 1,
      user: "analyst",
      appVersion: "0.1.0",
      event: { kind: "import", file: "manual.pdf", documentId: doc },
    });
    expect(entries[1]).toMatchObject({
      seq: 2,
      event: {
        kind: "ask",
        question: "Question number 2?",
        cited: [{ documentId: doc, page: 2 }],
        chatModel: "c".repeat(64),
      },
    });
    expect(entries[1]?.prev).toBe(entries[0]?.hash);
  });

  it("verifies an untouched log", async () => {
    const { file, headFile, key } = await writeLog(5);
    expect(await verifyAuditLog(file, { head: headFile, key })).toEqual({
      ok: true,
      lines: 5,
      headLines: 5,
    });
  });

  it("serializes concurrent appends into one unbroken chain", async () => {
    const log = await AuditLog.open({ dir, appVersion: "0.1.0" });
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.append(ask(i + 1))));
    await log.close();
    const key = await readLocalSeed(join(dir, auditFileNames.seed));
    expect(await verifyAuditLog(log.file, { head: log.headFile, key })).toMatchObject({
      ok: true,
      lines: 20,
    });
  });

  it("continues the chain after being reopened", async () => {
    await writeLog(3);
    const log = await AuditLog.open({ dir, appVersion: "0.2.0" });
    expect((await log.append(ask(9))).seq).toBe(4);
    await log.close();
    const key = await readLocalSeed(join(dir, auditFileNames.seed));
    expect(await verifyAuditLog(log.file, { head: log.headFile, key })).toMatchObject({
      ok: true,
      lines: 4,
    });
  });

  it("detects an edited line and names it", async () => {
    const { file, headFile, key } = await writeLog(6);
    const list = await lines(file);
    list[3] = list[3]!.replace("Question number 4?", "Question number four?");
    await rewrite(file, list);
    expect(await verifyAuditLog(file, { head: headFile, key })).toMatchObject({
      ok: false,
      firstBrokenLine: 4,
      reason: expect.stringMatching(/changed/) as unknown,
    });
  });

  it("detects a removed line and names the place it was removed from", async () => {
    const { file, headFile, key } = await writeLog(6);
    const list = await lines(file);
    list.splice(2, 1);
    await rewrite(file, list);
    expect(await verifyAuditLog(file, { head: headFile, key })).toMatchObject({
      ok: false,
      firstBrokenLine: 3,
      reason: expect.stringMatching(/removed/) as unknown,
    });
  });

  it("detects reordered lines and names the first one out of place", async () => {
    const { file, headFile, key } = await writeLog(6);
    const list = await lines(file);
    [list[3], list[4]] = [list[4]!, list[3]!];
    await rewrite(file, list);
    expect(await verifyAuditLog(file, { head: headFile, key })).toMatchObject({
      ok: false,
      firstBrokenLine: 4,
    });
  });

  it("detects lines cut from the end", async () => {
    const { file, headFile, key } = await writeLog(6);
    const list = await lines(file);
    await rewrite(file, list.slice(0, 4));
    expect(await verifyAuditLog(file, { head: headFile, key })).toMatchObject({
      ok: false,
      firstBrokenLine: 5,
      reason: expect.stringMatching(/cut from the end/) as unknown,
    });
    // Putting back an older copy of log and head together is a genuine earlier state that the
    // chain cannot tell apart: the OS log catches it (auditLogMirror.test.ts, real rollback).
  });

  it("detects a log recomputed from an edited line onward without the seed, naming that line", async () => {
    const { file, headFile, key } = await writeLog(6);
    const list = await lines(file);
    // The attacker has the head's current key (it is on disk) but not the earlier ones.
    const head = JSON.parse(await readFile(headFile, "utf8")) as AuditHead;
    let forgeKey: Buffer = Buffer.from(head.nextKey, "hex");
    let prev = splitLine(list[1]!)!.entry.hash;
    for (let i = 2; i < list.length; i++) {
      const { hash: _old, ...entry } = splitLine(list[i]!)!.entry;
      if (i === 2) (entry.event as { answer: string }).answer = "A different answer.";
      const sealed = sealLine({ ...entry, prev }, forgeKey);
      list[i] = sealed.line;
      prev = sealed.hash;
      forgeKey = ratchet(forgeKey);
    }
    await rewrite(file, list);
    const forgedHead = {
      ...head,
      lastHash: prev,
      nextKey: forgeKey.toString("hex"),
      mac: mac(forgeKey, `${head.lines}:${prev}`),
    };
    await writeFile(headFile, JSON.stringify(forgedHead));
    expect(await verifyAuditLog(file, { head: headFile, key })).toMatchObject({
      ok: false,
      firstBrokenLine: 3,
    });
  });

  it("refuses to reopen a log whose end was cut", async () => {
    const { file } = await writeLog(4);
    await rewrite(file, (await lines(file)).slice(0, 2));
    await expect(AuditLog.open({ dir, appVersion: "0.1.0" })).rejects.toBeInstanceOf(
      AuditLogDamagedError,
    );
  });

  it("accepts a line written just before a crash that left the head one step behind", async () => {
    const { file, headFile, key } = await writeLog(3);
    const headBefore = await readFile(headFile, "utf8");
    const log = await AuditLog.open({ dir, appVersion: "0.1.0" });
    await log.append(ask(4));
    await log.close();
    await writeFile(headFile, headBefore);
    const reopened = await AuditLog.open({ dir, appVersion: "0.1.0" });
    expect((await reopened.append(ask(5))).seq).toBe(5);
    await reopened.close();
    expect(await verifyAuditLog(file, { head: headFile, key })).toMatchObject({
      ok: true,
      lines: 5,
    });
  });

  it("seals the seed to IT's public key and keeps no readable seed on disk", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const log = await AuditLog.open({ dir, appVersion: "0.1.0", publicKeyPem: publicKey });
    await log.append(ask(1));
    await log.append(ask(2));
    await log.close();
    await expect(readFile(join(dir, auditFileNames.seed))).rejects.toThrow(/ENOENT/);
    const seed = await openSealedSeed(join(dir, auditFileNames.sealedSeed), privateKey);
    expect(await verifyAuditLog(log.file, { head: log.headFile, key: seed })).toMatchObject({
      ok: true,
      lines: 2,
    });
  });

  it("exports a readable report with questions, answers, pages and the integrity verdict", async () => {
    const { file, headFile, key } = await writeLog(3);
    const verification = await verifyAuditLog(file, { head: headFile, key });
    const report = await exportAuditReport(file, { verification });
    expect(report).toContain("# Enclave audit report");
    expect(report).toContain("Integrity: **verified**");
    expect(report).toContain("> Question number 3?");
    expect(report).toContain("p. 3");
    expect(report).toContain("manual.pdf");
  });
});
