import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AuditLog,
  AuditLogDamagedError,
  auditFileNames,
} from "../../../electron/engine/audit/AuditLog";
import { openSealedSeed } from "../../../electron/engine/audit/auditSeed";
import { verifyAuditFolder } from "../../../electron/engine/audit/openAuditLog";
import type { AuditEntry } from "../../../electron/engine/audit/types";
import { verifyAuditLog } from "../../../electron/engine/audit/verifyAuditLog";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "enclave-audit-head-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exportEvent = (n: number) =>
  ({ kind: "export", collection: "Case 42", conversationId: `c${n}` }) as const;

async function writeLines(count: number, publicKeyPem?: string): Promise<void> {
  const log = await AuditLog.open({ dir, appVersion: "0.1.0", user: "analyst", publicKeyPem });
  for (let i = 1; i <= count; i++) await log.append(exportEvent(i));
  await log.close();
}

async function entries(file = join(dir, auditFileNames.log)): Promise<AuditEntry[]> {
  return (await readFile(file, "utf8"))
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as AuditEntry);
}

const tornHeads = {
  "cut short by a power loss": (text: string) => text.slice(0, 40),
  "zeroed by the file system": (text: string) => "\0".repeat(text.length),
  "valid JSON of the wrong shape": () => '{"v":1,"lines":"three"}',
};

describe("an unreadable audit head (local seed)", () => {
  for (const [what, tear] of Object.entries(tornHeads)) {
    it(`a head ${what} is set aside, the chain re-verified from the seed, and the incident recorded`, async () => {
      await writeLines(3);
      const headFile = join(dir, auditFileNames.head);
      const torn = tear(await readFile(headFile, "utf8"));
      await writeFile(headFile, torn);

      const log = await AuditLog.open({ dir, appVersion: "0.1.0", user: "analyst" });
      expect(log.notices).toHaveLength(1);
      expect(log.notices[0]).toContain(headFile);
      await log.append(exportEvent(4));
      await log.close();

      const aside = (await readdir(dir)).filter((n) =>
        n.startsWith(`${auditFileNames.head}.corrupt-`),
      );
      expect(aside).toHaveLength(1);
      expect(await readFile(join(dir, aside[0]!), "utf8")).toBe(torn);
      expect(log.notices[0]).toContain(aside[0]);

      const lines = await entries();
      expect(lines.map((e) => e.event.kind)).toEqual([
        "export",
        "export",
        "export",
        "audit-head-recovered",
        "export",
      ]);
      expect(lines[3]?.event).toMatchObject({
        chain: "continued",
        linesFound: 3,
        lastHashFound: lines[2]?.hash,
        setAside: aside,
      });
      // The continued chain is the same chain: the seed verifies every line, old and new.
      expect(await verifyAuditFolder(dir)).toMatchObject({ ok: true, lines: 5, headLines: 5 });
    });
  }

  it("a torn head over a log whose lines do not verify is refused, and nothing is moved", async () => {
    await writeLines(3);
    const logFile = join(dir, auditFileNames.log);
    // Edit the second line only: a plain text replace could also hit a hash in line 1.
    const lines = (await readFile(logFile, "utf8")).split("\n");
    lines[1] = (lines[1] ?? "").replace('"c2"', '"c9"');
    await writeFile(logFile, lines.join("\n"));
    await writeFile(join(dir, auditFileNames.head), "{");
    const before = (await readdir(dir)).sort();

    await expect(AuditLog.open({ dir, appVersion: "0.1.0" })).rejects.toThrow(AuditLogDamagedError);
    await expect(AuditLog.open({ dir, appVersion: "0.1.0" })).rejects.toThrow(/line 2/);
    expect((await readdir(dir)).sort()).toEqual(before);
  });

  it("a head that parses but was altered is still refused (tampering, not a power loss)", async () => {
    await writeLines(3);
    const headFile = join(dir, auditFileNames.head);
    const head = JSON.parse(await readFile(headFile, "utf8")) as { lines: number };
    await writeFile(headFile, JSON.stringify({ ...head, lines: 1 }));
    await expect(AuditLog.open({ dir, appVersion: "0.1.0" })).rejects.toThrow(/altered/);
  });
});

describe("an unreadable audit head (seed sealed to IT)", () => {
  it("sets the old log aside whole, for IT to verify, and starts a new log whose first line records it", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
    const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    await writeLines(2, publicKeyPem);
    const oldLines = await entries();
    await writeFile(join(dir, auditFileNames.head), "");

    const log = await AuditLog.open({ dir, appVersion: "0.1.0", publicKeyPem });
    await log.close();
    expect(log.notices[0]).toMatch(/sealed to IT/);

    const names = await readdir(dir);
    const asideLog = names.find((n) => n.startsWith(`${auditFileNames.log}.corrupt-`));
    const asideSeed = names.find((n) => n.startsWith(`${auditFileNames.sealedSeed}.corrupt-`));
    expect(asideLog).toBeDefined();
    expect(asideSeed).toBeDefined();
    expect(names.some((n) => n.startsWith(`${auditFileNames.head}.corrupt-`))).toBe(true);

    // The old log is untouched evidence, still verifiable line by line with IT's key.
    expect(await entries(join(dir, asideLog!))).toEqual(oldLines);
    const oldSeed = await openSealedSeed(join(dir, asideSeed!), privateKeyPem);
    const lastHash = oldLines.at(-1)!.hash;
    const oldCheck = await verifyAuditLog(join(dir, asideLog!), {
      key: oldSeed,
      head: { v: 1, lines: 0, lastHash, nextKey: "", mac: "" },
    });
    expect(oldCheck.firstBrokenLine).toBeUndefined();

    const fresh = await entries();
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.event).toMatchObject({
      kind: "audit-head-recovered",
      chain: "new",
      linesFound: 2,
      lastHashFound: lastHash,
    });
    expect(await verifyAuditFolder(dir, { privateKeyPem })).toMatchObject({ ok: true, lines: 1 });
  });
});
