import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../../fixtures/documents/makePdf";
import { json, runCliSync, spawnCli, type CliRun } from "./cliHelpers";

interface DocsJson {
  documents: { file: string; status: string; collections: string[] }[];
}
interface SearchJson {
  results: { file: string }[];
}

let dir: string;

/** Pages of numbered paragraphs, so an import takes long enough for a second one to meet it. */
function pages(seed: string, count: number) {
  return Array.from({ length: count }, (_, p) => ({
    heading: `${p + 1} Section ${seed}`,
    lines: Array.from(
      { length: 30 },
      (_, l) =>
        `Paragraph ${l + 1} of page ${p + 1} in ${seed}: ${seed}word torque ${p * 31 + l} newton metres.`,
    ),
  }));
}

function run(child: ReturnType<typeof spawnCli>): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

const lockFile = (dataDir: string) => path.join(dataDir, "enclave.lock");

/** A lock as a live writer leaves it: held here by the test's own (live) process. */
function holdLock(dataDir: string, pid = process.pid): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(
    lockFile(dataDir),
    JSON.stringify({
      pid,
      host: os.hostname(),
      command: "enclave import held-by-test",
      since: "2026-12-01T09:00:00.000Z",
      processStartedAt: null,
      token: "test-holder",
    }),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-lock-"));
  // bravo.pdf, the same bytes in both folders, must land once.
  const pdfs = new Map<string, Uint8Array>();
  for (const name of ["alpha", "bravo", "charlie"])
    pdfs.set(name, await makePdf({ title: `Manual ${name}`, pages: pages(name, 25) }));
  for (const [folder, names] of [
    ["one", ["alpha", "bravo"]],
    ["two", ["bravo", "charlie"]],
  ] as const) {
    mkdirSync(path.join(dir, folder));
    for (const name of names)
      writeFileSync(path.join(dir, folder, `${name}.pdf`), pdfs.get(name) as Uint8Array);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("two processes on one data folder", () => {
  it("two imports started at once both end cleanly, one after the other, and each document is listed once", async () => {
    const dataDir = path.join(dir, "together");
    const [first, second] = await Promise.all(
      ["one", "two"].map((folder) =>
        run(spawnCli(["--data-dir", dataDir, "import", path.join(dir, folder), "--json"])),
      ),
    );
    expect(first?.code, first?.stderr).toBe(0);
    expect(second?.code, second?.stderr).toBe(0);
    // Exactly one of them met the other's lock, said so, and waited for it.
    const waited = [first, second].filter((r) => r?.stderr.includes("waiting up to"));
    expect(waited).toHaveLength(1);
    expect(waited[0]?.stderr).toMatch(/in use by process \d+ \(enclave --data-dir .* import /);
    expect(existsSync(lockFile(dataDir))).toBe(false);

    const docs = json<DocsJson>(runCliSync(["--data-dir", dataDir, "docs", "--json"])).documents;
    expect(docs.map((d) => d.file).sort()).toEqual(["alpha.pdf", "bravo.pdf", "charlie.pdf"]);
    for (const d of docs) expect(d.status).toBe("ready");
    for (const word of ["alphaword", "bravoword", "charlieword"]) {
      const found = json<SearchJson>(
        runCliSync(["--data-dir", dataDir, "search", word, "--json", "--limit", "1"]),
      ).results;
      expect(found[0]?.file).toBe(`${word.replace("word", "")}.pdf`);
    }
  }, 300_000);

  it("search, docs and collections keep working while another process writes", async () => {
    const dataDir = path.join(dir, "reading");
    expect(runCliSync(["--data-dir", dataDir, "import", path.join(dir, "one")]).code).toBe(0);
    const writer = run(spawnCli(["--data-dir", dataDir, "import", path.join(dir, "two")]));
    await expect.poll(() => existsSync(lockFile(dataDir)), { timeout: 60_000 }).toBe(true);

    const search = runCliSync(["--data-dir", dataDir, "search", "alphaword", "--json"]);
    expect(search.code, search.stderr).toBe(0);
    expect(json<SearchJson>(search).results[0]?.file).toBe("alpha.pdf");
    const docs = runCliSync(["--data-dir", dataDir, "docs", "--json"]);
    expect(docs.code, docs.stderr).toBe(0);
    for (const d of json<DocsJson>(docs).documents) expect(d.status).toBe("ready");
    expect(runCliSync(["--data-dir", dataDir, "collections"]).code).toBe(0);

    expect((await writer).code).toBe(0);
  }, 300_000);

  it("a writer that may not wait exits with the in-use message naming the holder; readers still work", () => {
    const dataDir = path.join(dir, "held");
    expect(runCliSync(["--data-dir", dataDir, "import", path.join(dir, "one")]).code).toBe(0);
    holdLock(dataDir);
    try {
      const refused = runCliSync(["--data-dir", dataDir, "--wait", "0", "remove", "alpha.pdf"]);
      expect(refused.code).toBe(75);
      expect(refused.stderr).toContain(
        `is in use by process ${process.pid} (enclave import held-by-test) since 2026-12-01T09:00:00.000Z`,
      );
      const waited = runCliSync(["--data-dir", dataDir, "--wait", "1", "import", dir]);
      expect(waited.code).toBe(75);
      expect(waited.stderr).toMatch(/waiting up to 1 s \(--wait\)/);

      const search = runCliSync(["--data-dir", dataDir, "search", "alphaword", "--json"]);
      expect(search.code, search.stderr).toBe(0);
      expect(json<SearchJson>(search).results[0]?.file).toBe("alpha.pdf");
      expect(readFileSync(lockFile(dataDir), "utf8")).toContain("test-holder");
    } finally {
      rmSync(lockFile(dataDir));
    }
  }, 300_000);

  it("a lock left by a process that died is taken over, and the import runs", () => {
    const dataDir = path.join(dir, "stale");
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    holdLock(dataDir, dead);
    const r = runCliSync(["--data-dir", dataDir, "--wait", "0", "import", path.join(dir, "one")]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("in use");
    expect(existsSync(lockFile(dataDir))).toBe(false);
    expect(
      json<DocsJson>(runCliSync(["--data-dir", dataDir, "docs", "--json"])).documents,
    ).toHaveLength(2);
  }, 300_000);
});
