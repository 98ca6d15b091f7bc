/**
 * The audit log against its copy in the OS log, through the real engine and `enclave audit
 * verify`. The OS log is stood in for by a file the test only appends to (FileAuditMirror): the
 * machine's own OS log is swapped out at the one place Enclave picks it (platformMirror.ts).
 */
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import { resolvePolicy } from "../../../shared/policy";
import { makePumpManual } from "../../fixtures/documents/pumpManual";
import { ScriptedGenerator } from "../../fixtures/ScriptedGenerator";
import { managedPolicy, runCliCapture, type CapturedCliRun } from "../../fixtures/runCliCapture";

const osLog = vi.hoisted(() => ({ file: "" }));
vi.mock("../../../electron/engine/audit/mirror/platformMirror", async () => {
  const { FileAuditMirror } = await import("../../fixtures/audit/FileAuditMirror");
  return { platformAuditMirror: () => ({ mirror: new FileAuditMirror(osLog.file) }) };
});

let dir: string;
let dataDir: string;
const auditDir = (): string => path.join(dataDir, "audit");

function open(policy: Record<string, unknown> = { AuditLog: true }): Promise<Engine> {
  return Engine.create({
    dataDir,
    policy: resolvePolicy(policy, "policy-file"),
    bundledModelsDir: path.join(dir, "no-models"),
    resumeEmbedding: false,
    log: () => undefined,
    overrides: {
      generator: new ScriptedGenerator({
        script: "Replace the hydraulic oil filter every 250 operating hours [1].",
      }),
      embedder: null,
    },
  });
}

async function useEngine(work: (engine: Engine) => Promise<void>): Promise<string[]> {
  const engine = await open();
  try {
    await work(engine);
    return (await engine.getAppInfo()).startupNotices ?? [];
  } finally {
    await engine.close();
  }
}

async function askAndSearch(engine: Engine, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await engine.ask({
      question: "How often is the hydraulic oil filter replaced?",
      collection: "default",
      conversationId: null,
      requestId: `q${i}`,
    });
    await engine.search({ query: "hydraulic oil filter", collections: ["default"], limit: 3 });
  }
}

const verify = (): Promise<CapturedCliRun> =>
  runCliCapture(
    ["--data-dir", dataDir, "audit", "verify"],
    () => Promise.reject(new Error("audit verify opens no engine")),
    managedPolicy({ AuditLog: true }),
  );

const kinds = (): string[] =>
  readFileSync(path.join(auditDir(), "audit.log.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => (JSON.parse(l) as { event: { kind: string } }).event.kind);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-audit-mirror-"));
  dataDir = path.join(dir, "data");
  mkdirSync(path.join(dir, "docs"));
  writeFileSync(path.join(dir, "docs", "pump.pdf"), await makePumpManual());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the audit log checked against the OS log", () => {
  it("reports a real rollback: audit files copied aside, questions and searches made, the old files put back", async () => {
    osLog.file = path.join(dir, "rollback-os.log");
    await useEngine((engine) =>
      engine
        .importPaths({
          collection: "default",
          requestId: "import",
          paths: [path.join(dir, "docs")],
        })
        .then(() => undefined),
    );
    expect(await verify()).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/intact[\s\S]*agrees/) as unknown,
    });
    const linesBefore = kinds().length;
    const aside = path.join(dir, "audit-aside");
    cpSync(auditDir(), aside, { recursive: true });

    await useEngine((engine) => askAndSearch(engine, 2));
    const linesAfter = kinds().length;
    expect(linesAfter).toBeGreaterThan(linesBefore + 4);

    rmSync(auditDir(), { recursive: true });
    cpSync(aside, auditDir(), { recursive: true });
    const rolledBack = await verify();
    expect(rolledBack.code).toBe(3);
    expect(rolledBack.stdout).toContain("chain intact");
    expect(rolledBack.stdout).toContain(`line(s) ${linesBefore + 1}–${linesAfter}`);

    // The next start records it and says so.
    const notices = await useEngine(() => Promise.resolve());
    expect(notices).toEqual([
      expect.stringMatching(/lacks entries that the test OS log recorded/) as unknown,
    ]);
    expect(kinds()[linesBefore]).toBe("audit-log-reset");
    expect((await verify()).code).toBe(3);
  });

  it("reports deleted audit files at the next start and in verify", async () => {
    osLog.file = path.join(dir, "deleted-os.log");
    rmSync(auditDir(), { recursive: true, force: true });
    await useEngine((engine) => askAndSearch(engine, 1));
    const written = kinds().length;
    rmSync(auditDir(), { recursive: true });

    const gone = await verify();
    expect(gone.code).toBe(3);
    expect(gone.stdout).toContain("There is no audit log");
    expect(gone.stdout).toContain(`line(s) 1–${written}`);

    const notices = await useEngine(() => Promise.resolve());
    expect(notices).toEqual([
      expect.stringMatching(new RegExp(`lines 1–${written} of an earlier log`)) as unknown,
    ]);
    expect(kinds()).toEqual(["audit-log-reset", "policy"]);
    const after = await verify();
    expect(after.code).toBe(3);
    expect(after.stdout).toContain("missing from the file");
  });

  it("reports lines appended to the file that the OS log never saw", async () => {
    osLog.file = path.join(dir, "forged-os.log");
    rmSync(auditDir(), { recursive: true, force: true });
    await useEngine((engine) => askAndSearch(engine, 1));
    const lines = readFileSync(path.join(auditDir(), "audit.log.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean);
    expect((await verify()).code).toBe(0);
    // A copy of the last line with another query: its chain value is not in the OS log.
    const last = lines.at(-1) ?? "";
    appendFileSync(
      path.join(auditDir(), "audit.log.jsonl"),
      `${last.replace("hydraulic", "forged")}\n`,
    );

    const forged = await verify();
    expect(forged.code).toBe(3);
    expect(forged.stdout).toContain(`missing from the OS log (appended or forged`);
    expect(forged.stdout).toContain(`line(s) ${lines.length + 1}`);
  });

  it("with policy AuditRequireSystemLog, refuses to start when the OS-log copy fails (without it, works on)", async () => {
    osLog.file = path.join(dir, "no-such-folder", "os.log");
    rmSync(auditDir(), { recursive: true, force: true });
    const lenient = await open();
    try {
      await expect(
        lenient.search({ query: "hydraulic oil filter", collections: ["default"], limit: 3 }),
      ).resolves.toBeDefined();
    } finally {
      await lenient.close();
    }
    expect(kinds()).toContain("audit-mirror-failed");
    await expect(open({ AuditLog: true, AuditRequireSystemLog: true })).rejects.toMatchObject({
      code: "AUDIT_WRITE_FAILED",
      message: expect.stringContaining("policy requires its copy") as unknown,
    });
  });
});
