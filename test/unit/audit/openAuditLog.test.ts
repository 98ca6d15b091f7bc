import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AuditKeyUnavailableError,
  auditDirFor,
  openAuditLogForPolicy,
  verifyAuditFolder,
} from "../../../electron/engine/audit/openAuditLog";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "enclave-audit-policy-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const event = {
  kind: "import",
  collection: "c",
  file: "a.pdf",
  documentId: "a".repeat(64),
  ok: true,
} as const;

describe("the audit log under policy", () => {
  it("is off unless policy turns it on, and goes to the default or the given folder", () => {
    expect(auditDirFor({ AuditLog: false }, dataDir)).toBeNull();
    expect(auditDirFor({ AuditLog: true }, dataDir)).toBe(join(dataDir, "audit"));
    expect(auditDirFor({ AuditLog: "/var/log/enclave" }, dataDir)).toBe("/var/log/enclave");
  });

  it("records with a local seed and verifies from the folder", async () => {
    const log = await openAuditLogForPolicy({
      policy: { AuditLog: true, AuditPublicKeyFile: null },
      dataDir,
      appVersion: "0.1.0",
    });
    await log!.append(event);
    await log!.close();
    expect(await verifyAuditFolder(join(dataDir, "audit"))).toMatchObject({ ok: true, lines: 1 });
  });

  it("seals the seed to IT's key and needs the private key to verify", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const keyFile = join(dataDir, "audit-public.pem");
    await writeFile(keyFile, publicKey);
    const log = await openAuditLogForPolicy({
      policy: { AuditLog: true, AuditPublicKeyFile: keyFile },
      dataDir,
      appVersion: "0.1.0",
    });
    await log!.append(event);
    await log!.close();
    await expect(verifyAuditFolder(join(dataDir, "audit"))).rejects.toThrow(/--private-key/);
    expect(
      await verifyAuditFolder(join(dataDir, "audit"), { privateKeyPem: privateKey }),
    ).toMatchObject({ ok: true, lines: 1 });
    expect(await readFile(join(dataDir, "audit", "audit.log.jsonl"), "utf8")).toContain("a.pdf");
  });

  it("refuses to record when the configured public key is missing instead of weakening the log", async () => {
    await expect(
      openAuditLogForPolicy({
        policy: { AuditLog: true, AuditPublicKeyFile: join(dataDir, "none.pem") },
        dataDir,
        appVersion: "0.1.0",
      }),
    ).rejects.toBeInstanceOf(AuditKeyUnavailableError);
  });
});
