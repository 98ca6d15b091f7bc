import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliSync } from "./cliHelpers";

let dir: string;
let dataDir: string;
const cli = (...args: string[]) => runCliSync(["--data-dir", dataDir, ...args]);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "enclave-damage-"));
  dataDir = path.join(dir, "data");
  writeFileSync(path.join(dir, "pump.txt"), "The pump's valve pressure is 40 bar.\n");
  writeFileSync(path.join(dir, "brakes.txt"), "Brake pads are checked every service.\n");
  writeFileSync(path.join(dir, "moved.txt"), "A document whose file moves away later.\n");
  const r = cli(
    "import",
    path.join(dir, "pump.txt"),
    path.join(dir, "brakes.txt"),
    path.join(dir, "moved.txt"),
  );
  expect(r.code, r.stderr).toBe(0);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("a damaged LanceDB data file", () => {
  it("search names the damage (LIBRARY_DAMAGED) and says to rebuild; rebuild restores it from the originals", () => {
    const data = path.join(dataDir, "library", "chunks.lance", "data");
    for (const f of readdirSync(data)) writeFileSync(path.join(data, f), "garbage".repeat(10));
    rmSync(path.join(dir, "moved.txt"));

    const broken = cli("search", "valve");
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/The library in .*library is damaged/);
    expect(broken.stderr).toMatch(/rebuild/);

    const rebuilt = cli("rebuild", "--json");
    expect(rebuilt.code, rebuilt.stderr).toBe(2);
    const report = JSON.parse(rebuilt.stdout.trim().split("\n").pop() ?? "") as {
      setAside: string;
      imported: number;
      failed: { path: string; error: string }[];
    };
    expect(report.imported).toBe(2);
    expect(report.failed.map((f) => f.path)).toEqual([path.join(dir, "moved.txt")]);
    // The damaged library is kept, not deleted.
    expect(readdirSync(dataDir).filter((n) => n.startsWith("library.corrupt-"))).toHaveLength(1);

    const found = cli("search", "valve");
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).toContain("pump.txt");
  });
});
