import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import type { ImportEvent } from "../../../shared/types";
import { makePdf } from "../../fixtures/documents/makePdf";

let dir: string;
let docs: string;
let engine: Engine;
const names = ["a", "b", "c", "d"];

/** Pages of numbered paragraphs with a word found only in this file (`marker`). */
function pdfPages(marker: string, pages: number) {
  return Array.from({ length: pages }, (_, p) => ({
    heading: `${p + 1} Section ${marker} ${p + 1}`,
    lines: Array.from(
      { length: 25 },
      (_, l) =>
        `Paragraph ${l + 1} of page ${p + 1}: ${marker} valve torque ${p * 31 + l} newton metres.`,
    ),
  }));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-abort-"));
  docs = path.join(dir, "docs");
  mkdirSync(docs);
  for (const name of names)
    writeFileSync(
      path.join(docs, `${name}.pdf`),
      await makePdf({ title: `Manual ${name}`, pages: pdfPages(`zq${name}marker`, 40) }),
    );
  engine = await Engine.create({ dataDir: path.join(dir, "data") });
  await engine.createCollection({ name: "manuals" });
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs an import of every file in `docs`, calling `onEvent` with each of its events. */
async function importAll(requestId: string, onEvent: (e: ImportEvent) => void = () => undefined) {
  const events: ImportEvent[] = [];
  const off = engine.on("importProgress", (e) => {
    if (e.requestId !== requestId) return;
    events.push(e);
    onEvent(e);
  });
  try {
    const report = await engine.importPaths({
      collection: "manuals",
      requestId,
      paths: names.map((n) => path.join(docs, `${n}.pdf`)),
    });
    return { report, events };
  } finally {
    off();
  }
}

async function filesInLibrary(): Promise<string[]> {
  return (await engine.listDocuments({ collection: "manuals" })).map((d) => d.file).sort();
}

async function hits(marker: string): Promise<number> {
  return (await engine.search({ query: marker, collections: ["manuals"], limit: 10 })).length;
}

describe("abortImport", () => {
  it("stops an import after its first file: that file stays, the rest are reported ABORTED, and a rerun imports them", async () => {
    const { report, events } = await importAll("stop-after-first", (e) => {
      if (e.kind === "done") void engine.abortImport({ requestId: "stop-after-first" });
    });
    expect(report.results.map((r) => [r.file, r.ok, r.error?.code])).toEqual([
      ["a.pdf", true, undefined],
      ["b.pdf", false, "ABORTED"],
      ["c.pdf", false, "ABORTED"],
      ["d.pdf", false, "ABORTED"],
    ]);
    expect(report.results[1]?.error?.message).toMatch(/stopped before it was imported/);
    expect(events.at(-1)).toMatchObject({ kind: "finished", imported: 1, failed: 0, stopped: 3 });
    expect(await filesInLibrary()).toEqual(["a.pdf"]);

    const rerun = await importAll("rerun-1");
    expect(rerun.report.results.map((r) => [r.file, r.ok, r.skipped])).toEqual([
      ["a.pdf", true, true],
      ["b.pdf", true, false],
      ["c.pdf", true, false],
      ["d.pdf", true, false],
    ]);
    expect(await filesInLibrary()).toEqual(["a.pdf", "b.pdf", "c.pdf", "d.pdf"]);
  });

  it("stops the file being parsed between page blocks and keeps nothing of it", async () => {
    for (const d of await engine.listDocuments({ collection: "manuals" }))
      await engine.removeDocument({ collection: "manuals", documentId: d.id });
    const { report, events } = await importAll("stop-mid-file", (e) => {
      if (e.kind === "progress" && e.file === "b.pdf" && e.pagesDone > 0)
        void engine.abortImport({ requestId: "stop-mid-file" });
    });
    expect(events.some((e) => e.kind === "progress" && e.file === "b.pdf" && e.pagesDone > 0)).toBe(
      true,
    );
    expect(report.results.map((r) => [r.file, r.ok, r.error?.code])).toEqual([
      ["a.pdf", true, undefined],
      ["b.pdf", false, "ABORTED"],
      ["c.pdf", false, "ABORTED"],
      ["d.pdf", false, "ABORTED"],
    ]);
    // No half-written document: b is neither listed nor searchable.
    expect(await filesInLibrary()).toEqual(["a.pdf"]);
    for (const d of await engine.listDocuments({ collection: "manuals" }))
      expect(d.status).toBe("ready");
    expect(await hits("zqbmarker")).toBe(0);
    expect(await hits("zqamarker")).toBeGreaterThan(0);

    const rerun = await importAll("rerun-2");
    expect(rerun.report.results.every((r) => r.ok)).toBe(true);
    expect(await filesInLibrary()).toEqual(["a.pdf", "b.pdf", "c.pdf", "d.pdf"]);
    expect(await hits("zqbmarker")).toBeGreaterThan(0);
  });

  it("does nothing for a request id that is not importing", async () => {
    await expect(engine.abortImport({ requestId: "nothing-here" })).resolves.toBeUndefined();
  });
});
