/**
 * Under an audit policy the CLI's read-only commands (search, docs) still log their access:
 * only the process holding the data folder writes the log, so they open as writers then.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePumpManual } from "../../fixtures/documents/pumpManual";
import { cliInFolder } from "../../fixtures/runCliCapture";

let dir: string;

const { cli } = cliInFolder(() => dir, { AuditLog: true });

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
