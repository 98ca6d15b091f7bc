/**
 * Under an audit policy the CLI's read-only commands (search, docs) still log their access:
 * only the process holding the data folder writes the log, so they open as writers then.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import { runCli, type CliIo } from "../../../electron/cli/enclave";
import { resolvePolicy } from "../../../shared/policy";
import { makePumpManual } from "../../fixtures/documents/pumpManual";

let dir: string;

async function cli(...args: string[]): Promise<{ code: number; stdout: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = "";
  out.on("data", (d: Buffer) => (stdout += d.toString()));
  err.resume();
  const code = await runCli(
    ["--data-dir", path.join(dir, "data"), ...args],
    { stdout: out, stderr: err as unknown as CliIo["stderr"] },
    (dataDir, options) =>
      Engine.create({ dataDir, bundledModelsDir: path.join(dir, "no-models"), ...options }),
    () => Promise.resolve(resolvePolicy({ AuditLog: true }, "policy-file")),
  );
  return { code, stdout };
}

function loggedKinds(): string[] {
  return readFileSync(path.join(dir, "data", "audit", "audit.log.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => (JSON.parse(l) as { event: { kind: string } }).event.kind);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-cli-audit-"));
  mkdirSync(path.join(dir, "docs"));
  writeFileSync(path.join(dir, "docs", "pump.pdf"), await makePumpManual());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the CLI under an audit policy", () => {
  it("logs a search made with `enclave search`, like the window's", async () => {
    expect((await cli("import", path.join(dir, "docs", "pump.pdf"))).code).toBe(0);
    const search = await cli("search", "hydraulic oil filter", "--json");
    expect(search.code).toBe(0);
    expect(search.stdout).toContain("pump.pdf");
    expect(loggedKinds()).toContain("search");
  });
});
