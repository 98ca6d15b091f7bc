/**
 * The audit log against its copy in the OS log (here a file the tests only append to): real
 * rollbacks, deletions and forged lines, as a user with the app's own rights can make them.
 */
import { cp, mkdtemp, readFile, rm, writeFile, appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AuditLog, auditFileNames } from "../../../electron/engine/audit/AuditLog";
import { ratchet, sealLine, splitLine } from "../../../electron/engine/audit/auditChain";
import { verifyAuditFolder } from "../../../electron/engine/audit/openAuditLog";
import type { AuditEvent, AuditHead } from "../../../electron/engine/audit/types";
import { FileAuditMirror } from "../../fixtures/audit/FileAuditMirror";

let root: string;
let dir: string;
let mirror: FileAuditMirror;
let warnings: string[];
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "enclave-audit-mirror-"));
  dir = join(root, "audit");
  mirror = new FileAuditMirror(join(root, "os.log"));
  warnings = [];
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const search = (n: number): AuditEvent => ({
  kind: "search",
  collections: ["Case 42"],
  query: `query ${n}`,
  results: [],
});
const openLog = (extra: { requireMirror?: boolean } = {}) =>
  AuditLog.open({
    dir,
    appVersion: "0.2.0",
    user: "analyst",
    mirror,
    onWarning: (m) => warnings.push(m),
    ...extra,
  });
async function session(queries: number[]): Promise<AuditLog> {
  const log = await openLog();
  for (const n of queries) await log.append(search(n));
  await log.close();
  return log;
}
/** Five searches logged, the files copied aside, four more, then the old copy put back. */
async function rollBack(): Promise<void> {
  await session([1, 2, 3, 4, 5]);
  const aside = join(root, "aside");
  await cp(dir, aside, { recursive: true });
  await session([6, 7, 8, 9]);
  await rm(dir, { recursive: true });
  await cp(aside, dir, { recursive: true });
}
async function fileLines(): Promise<string[]> {
  return (await readFile(join(dir, auditFileNames.log), "utf8")).split("\n").filter(Boolean);
}
const kinds = async (): Promise<string[]> =>
  (await fileLines()).map((l) => splitLine(l)!.entry.event.kind);
const verify = () => verifyAuditFolder(dir, { mirror: { mirror } });

describe("the audit log's copy in the OS log", () => {
  it("holds every line's seq and chain value, as the file does", async () => {
    await session([1, 2, 3]);
    const hashes = (await fileLines()).map((l) => splitLine(l)!.hash);
    const records = await mirror.readAll();
    expect(records.map((r) => [r.seq, r.hash])).toEqual(hashes.map((h, i) => [i + 1, h]));
    expect(new Set(records.map((r) => r.chain))).toEqual(new Set([hashes[0]!.slice(0, 16)]));
    expect(await verify()).toMatchObject({
      ok: true,
      mirror: { available: true, agrees: true, records: 3 },
    });
  });

  it("sends a burst of lines in fewer calls than lines, and all of them", async () => {
    // Each call takes as long as starting a process; lines written meanwhile wait for the next.
    mirror = new FileAuditMirror(join(root, "os.log"), 20);
    const log = await openLog();
    await Promise.all(Array.from({ length: 30 }, (_, i) => log.append(search(i))));
    await log.close();
    expect(mirror.writes.reduce((a, b) => a + b, 0)).toBe(30);
    expect(mirror.writes.length).toBeLessThan(30);
  });

  it("is reported by verify when the files are put back from an older copy (a real rollback)", async () => {
    await rollBack();

    // The chain alone cannot see it: the old files are genuine.
    expect(await verifyAuditFolder(dir)).toMatchObject({ ok: true, lines: 5 });
    const result = await verify();
    expect(result).toMatchObject({ ok: false, chainOk: true, lines: 5 });
    expect(result.mirror?.available && result.mirror.missingFromFile.map((r) => r.seq)).toEqual([
      6, 7, 8, 9,
    ]);
  });

  it("records a rollback at the next start, once, and says so; verify then names the lines that differ", async () => {
    await rollBack();

    const reopened = await openLog();
    expect(reopened.notices).toEqual([
      expect.stringMatching(/lacks entries .* lines 6–9 \(4 entries\)/) as unknown,
    ]);
    await reopened.append(search(10));
    await reopened.close();
    expect((await kinds()).slice(5)).toEqual(["audit-log-reset", "search"]);
    const reset = splitLine((await fileLines())[5]!)!.entry.event;
    expect(reset).toMatchObject({
      kind: "audit-log-reset",
      linesFound: 5,
      gaps: [{ fromSeq: 6, toSeq: 9, count: 4 }],
    });

    // Already recorded: the next start adds nothing.
    await (await openLog()).close();
    expect(await kinds()).toHaveLength(7);

    const result = await verify();
    expect(result.ok).toBe(false);
    const m = result.mirror?.available ? result.mirror : null;
    expect(m?.differing.map((d) => d.seq)).toEqual([6, 7]);
    expect(m?.missingFromFile.map((r) => r.seq)).toEqual([8, 9]);
    expect(m?.missingFromMirror).toEqual([]);
  });

  it("records deleted audit files at the next start, and verify reports the earlier log", async () => {
    await session([1, 2, 3]);
    await rm(dir, { recursive: true });

    const fresh = await openLog();
    expect(fresh.notices).toEqual([
      expect.stringMatching(/lines 1–3 of an earlier log/) as unknown,
    ]);
    await fresh.close();
    expect(await kinds()).toEqual(["audit-log-reset"]);

    const result = await verify();
    expect(result).toMatchObject({ ok: false, chainOk: true, lines: 1 });
    const m = result.mirror?.available ? result.mirror : null;
    expect(m?.missingFromFile.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(new Set(m?.missingFromFile.map((r) => r.chain)).size).toBe(1);

    await rm(dir, { recursive: true });
    expect(await verify()).toMatchObject({
      ok: false,
      lines: 0,
      reason: expect.stringMatching(/There is no audit log/) as unknown,
    });
  });

  it("reports lines appended to the file that the OS log never saw, even when they are sealed with the key on disk", async () => {
    await session([1, 2, 3]);
    // With the head's key (it is on disk) forged lines even pass the chain check.
    const head = JSON.parse(await readFile(join(dir, auditFileNames.head), "utf8")) as AuditHead;
    let key: Buffer = Buffer.from(head.nextKey, "hex");
    let prev = head.lastHash;
    const forged: string[] = [];
    for (let seq = 4; seq <= 5; seq++) {
      const sealed = sealLine(
        {
          v: 1,
          seq,
          at: "2026-01-02T03:04:05.000Z",
          user: "analyst",
          appVersion: "0.2.0",
          event: search(seq),
          prev,
        },
        key,
      );
      forged.push(sealed.line);
      prev = sealed.hash;
      key = ratchet(key);
    }
    await appendFile(join(dir, auditFileNames.log), forged.map((l) => `${l}\n`).join(""));

    expect(await verifyAuditFolder(dir)).toMatchObject({ ok: true, lines: 5 });
    const result = await verify();
    expect(result).toMatchObject({ ok: false, chainOk: true });
    expect(result.mirror?.available && result.mirror.missingFromMirror).toEqual([4, 5]);
  });

  it("records a failed copy in the log and warns, without refusing the action", async () => {
    const log = await openLog();
    await log.append(search(1));
    await vi.waitFor(() => expect(mirror.writes).toEqual([1]));
    mirror.failWith = "systemd-cat: Failed to connect";
    await expect(log.append(search(2))).resolves.toMatchObject({ seq: 2 });
    await log.close();
    expect(await kinds()).toEqual(["search", "search", "audit-mirror-failed"]);
    expect(splitLine((await fileLines())[2]!)!.entry.event).toEqual({
      kind: "audit-mirror-failed",
      mirror: "the test OS log",
      op: "write",
      fromSeq: 2,
      toSeq: 2,
      reason: "systemd-cat: Failed to connect",
    });
    // The failure line's own failed copy is warned about, not recorded again.
    expect(warnings).toEqual([
      expect.stringMatching(/line 2 could not be copied to the test OS log/) as unknown,
      expect.stringMatching(/line 3 could not be copied/) as unknown,
    ]);
  });

  it("refuses the action when the copy is required and fails", async () => {
    const log = await openLog({ requireMirror: true });
    await log.append(search(1));
    mirror.failWith = "logger: socket /dev/log: No such file or directory";
    await expect(log.append(search(2))).rejects.toMatchObject({
      name: "AuditWriteFailedError",
      message: expect.stringMatching(/policy requires its copy in the test OS log/) as unknown,
    });
    await log.close();
  });

  it("records that the OS log could not be read at start, and says so", async () => {
    await session([1]);
    mirror.failWith = "journalctl: insufficient permissions";
    const log = await openLog();
    mirror.failWith = null;
    await log.close();
    expect(log.notices).toEqual([
      expect.stringMatching(/could not read the test OS log/) as unknown,
    ]);
    expect(await kinds()).toEqual(["search", "audit-mirror-failed"]);
  });

  it("does not count lines written before the OS log held any of them as missing", async () => {
    const plain = await AuditLog.open({ dir, appVersion: "0.1.0" });
    await plain.append(search(1));
    await plain.append(search(2));
    await plain.close();
    await session([3]);
    const result = await verify();
    expect(result).toMatchObject({ ok: true, mirror: { agrees: true, notCovered: 2, records: 1 } });
  });

  it("says plainly when there is no OS log to compare with", async () => {
    await session([1]);
    await writeFile(join(root, "unused"), "");
    expect(
      await verifyAuditFolder(dir, { mirror: { unavailable: "no journald here" } }),
    ).toMatchObject({
      ok: true,
      mirror: { available: false, reason: "there is no OS log: no journald here" },
    });
  });
});
