import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../../fixtures/documents/makePdf";
import { json, runCliSync, spawnCli, type CliRun } from "./cliHelpers";

interface DocsJson {
  documents: { file: string; status: string }[];
}

let dir: string;
let docs: string;
/** How long a clean import of `docs` takes on this machine (measured by the first test). */
let cleanMs = 0;
const names = ["a", "b", "c", "d", "e", "f"];

function pdfPages(seed: string, pages: number) {
  return Array.from({ length: pages }, (_, p) => ({
    heading: `${p + 1} Section ${seed} ${p + 1}`,
    lines: Array.from(
      { length: 30 },
      (_, l) =>
        `Paragraph ${l + 1} of page ${p + 1} in ${seed}: valve torque ${p * 31 + l} newton metres.`,
    ),
  }));
}

function listed(dataDir: string): DocsJson["documents"] {
  return json<DocsJson>(runCliSync(["--data-dir", dataDir, "docs", "--json"])).documents;
}

/** Starts `enclave import`, sends SIGINT `signals` times after `delayMs`, and collects its output. */
async function interrupted(
  dataDir: string,
  delayMs: number,
  signals: number,
): Promise<CliRun & { interruptedMidway: boolean }> {
  const child = spawnCli(["--data-dir", dataDir, "import", docs]);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  // A shell reports a process ended by SIGINT as 130, like one that exits 130 itself: a second
  // Ctrl-C that lands while the process winds down may end it either way.
  const exited = new Promise<number | null>((r) =>
    child.once("exit", (code, signal) => r(code ?? (signal === "SIGINT" ? 130 : null))),
  );
  await new Promise((r) => setTimeout(r, delayMs));
  const interruptedMidway = child.exitCode === null;
  for (let i = 0; i < signals && interruptedMidway; i++) {
    child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 50));
  }
  return { code: await exited, stdout, stderr, interruptedMidway };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-sigint-"));
  docs = path.join(dir, "docs");
  mkdirSync(docs);
  for (const name of names)
    writeFileSync(
      path.join(docs, `${name}.pdf`),
      await makePdf({ title: `Manual ${name}`, pages: pdfPages(name, 30) }),
    );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("Ctrl-C during enclave import", () => {
  it("stops the import cleanly, lists what was imported and what was stopped, exits 130, and a rerun imports the rest", async () => {
    const clean = path.join(dir, "clean");
    const started = performance.now();
    expect(runCliSync(["--data-dir", clean, "import", docs]).code).toBe(0);
    cleanMs = performance.now() - started;

    let checked = 0;
    for (const share of [0.6, 0.4]) {
      const dataDir = path.join(dir, `stopped-${share}`);
      const run = await interrupted(dataDir, cleanMs * share, 1);
      if (!run.interruptedMidway || run.code === 0) continue;
      checked++;
      expect(run.code, run.stderr).toBe(130);
      expect(run.stderr).toMatch(/stopping the import/);
      const stoppedLines = run.stdout.split("\n").filter((l) => l.startsWith("STOPPED"));
      const importedLines = run.stdout.split("\n").filter((l) => l.startsWith("imported"));
      expect(stoppedLines.length).toBeGreaterThan(0);
      expect(importedLines.length + stoppedLines.length).toBe(names.length);
      expect(run.stdout).toMatch(
        new RegExp(`${importedLines.length} imported, 0 failed, ${stoppedLines.length} stopped\\.`),
      );
      // What landed is whole, and nothing of a stopped file is listed.
      const landed = listed(dataDir);
      expect(landed.map((d) => d.file).sort()).toEqual(
        importedLines.map((l) => /imported\s+(\S+)/.exec(l)?.[1]).sort(),
      );
      for (const d of landed) expect(d.status).toBe("ready");
      const rerun = runCliSync(["--data-dir", dataDir, "import", docs]);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(listed(dataDir)).toHaveLength(names.length);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("exits at once with 130 on a second Ctrl-C, and the next import still works", async () => {
    // Signals are sent at a share of a clean import's duration (measured above), so they land
    // mid-import on a fast or a loaded machine; a run they missed is retried earlier.
    expect(cleanMs).toBeGreaterThan(0);
    let checked = 0;
    for (const share of [0.5, 0.3]) {
      const dataDir = path.join(dir, `twice-${share}`);
      const run = await interrupted(dataDir, cleanMs * share, 2);
      if (!run.interruptedMidway || run.code === 0) continue;
      checked++;
      expect(run.code, run.stderr).toBe(130);
      const rerun = runCliSync(["--data-dir", dataDir, "import", docs]);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(listed(dataDir)).toHaveLength(names.length);
      break;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
