import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../../fixtures/documents/makePdf";
import { json, killAfter, runCliSync } from "./cliHelpers";

interface DocsJson {
  documents: { file: string; pages: number; chunks: number; status: string }[];
}

let dir: string;
let docs: string;

/** Pages of numbered paragraphs, so each document takes a while to parse and write. */
function bigPdfPages(seed: string, pages: number) {
  return Array.from({ length: pages }, (_, p) => ({
    heading: `${p + 1} Section ${seed} ${p + 1}`,
    lines: Array.from(
      { length: 30 },
      (_, l) =>
        `Paragraph ${l + 1} of page ${p + 1} in ${seed}: valve torque ${p * 31 + l} newton metres, inspect seals and gaskets.`,
    ),
  }));
}

function totals(dataDir: string): { docs: number; chunks: number; pages: number } {
  const list = json<DocsJson>(runCliSync(["--data-dir", dataDir, "docs", "--json"])).documents;
  return {
    docs: list.length,
    chunks: list.reduce((s, d) => s + d.chunks, 0),
    pages: list.reduce((s, d) => s + d.pages, 0),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-kill-"));
  docs = path.join(dir, "docs");
  mkdirSync(docs);
  for (const name of ["a", "b", "c", "d"])
    writeFileSync(
      path.join(docs, `${name}.pdf`),
      await makePdf({ title: `Manual ${name}`, pages: bigPdfPages(name, 30) }),
    );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("an import killed at any moment", () => {
  it("leaves the index as it was before the document in flight, and a rerun completes it with the counts of a clean import", async () => {
    const clean = path.join(dir, "clean");
    const started = performance.now();
    expect(runCliSync(["--data-dir", clean, "import", docs, "--json"]).code).toBe(0);
    const cleanMs = performance.now() - started;
    const expected = totals(clean);
    expect(expected.docs).toBe(4);

    // Kill at several points of the same import: start-up, parsing, writing, indexing.
    let killedMidway = 0;
    for (const share of [0.2, 0.45, 0.7]) {
      const killed = path.join(dir, `killed-${share}`);
      if (await killAfter(["--data-dir", killed, "import", docs, "--json"], cleanMs * share))
        killedMidway++;

      // Whatever landed is whole: every listed document is ready with all its chunks.
      const partial = json<DocsJson>(
        runCliSync(["--data-dir", killed, "docs", "--json"]),
      ).documents;
      for (const d of partial) expect(d.status).toBe("ready");
      const rerun = runCliSync(["--data-dir", killed, "import", docs, "--json"]);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(totals(killed)).toEqual(expected);
    }
    expect(killedMidway).toBeGreaterThan(0);
  }, 400_000);
});
