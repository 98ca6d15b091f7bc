import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import { makePdf } from "../../fixtures/documents/makePdf";

let dir: string;
let engine: Engine;
const files: Record<string, string> = {};

function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(root, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/** Raw bytes of every file under the data folder containing `marker`. */
function filesContaining(root: string, marker: string): string[] {
  const needle = Buffer.from(marker, "utf8");
  return filesUnder(root).filter((f) => statSync(f).size > 0 && readFileSync(f).includes(needle));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-engine-"));
  const write = (name: string, bytes: Uint8Array): void => {
    files[name] = path.join(dir, "docs", name);
    writeFileSync(files[name], bytes);
  };
  mkdirSync(path.join(dir, "docs"));
  write(
    "pump.pdf",
    await makePdf({
      title: "HX-200 Pump Manual",
      pageLabels: { romanPages: 1 },
      outline: true,
      pages: [
        { heading: "Contents", lines: ["1 Safety", "2 Maintenance schedule"] },
        {
          heading: "1 Safety",
          lines: ["Always isolate the pump from mains power before opening the housing."],
        },
        {
          heading: "2 Maintenance schedule",
          lines: [
            "Replace the hydraulic oil filter every 250 operating hours.",
            "Check the oil level weekly with the dipstick.",
          ],
        },
      ],
    }),
  );
  write(
    "caseA.pdf",
    await makePdf({
      title: "Case A statement",
      pages: [
        {
          heading: "Statement",
          lines: ["The witness saw a blue bicycle near the harbour at midnight quokkamarker."],
        },
      ],
    }),
  );
  write(
    "caseB.pdf",
    await makePdf({
      title: "Case B statement",
      pages: [
        {
          heading: "Statement",
          lines: ["The witness saw a blue bicycle near the harbour at midnight zebramarker."],
        },
      ],
    }),
  );
  engine = await Engine.create({ dataDir: path.join(dir, "data") });
  await engine.createCollection({ name: "manuals" });
  await engine.createCollection({ name: "case-a" });
  await engine.createCollection({ name: "case-b" });
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the engine's library", () => {
  it("imports a PDF and finds the passage with its physical page, printed label, title and heading", async () => {
    const report = await engine.importPaths({
      collection: "manuals",
      requestId: "r1",
      paths: [files["pump.pdf"] as string],
    });
    expect(report.results[0]).toMatchObject({ ok: true, pages: 3 });
    const [hit] = await engine.search({
      query: "how often replace the hydraulic oil filter?",
      collections: ["manuals"],
      limit: 3,
    });
    expect(hit).toMatchObject({
      file: "pump.pdf",
      page: 3,
      pageEnd: 3,
      title: "HX-200 Pump Manual",
      pageLabel: "2",
    });
    expect(hit?.heading).toContain("Maintenance schedule");
    expect(hit?.text).toContain("250 operating hours");
  });

  it("re-importing the same file changes nothing, and importing it into another collection adds membership without re-parsing", async () => {
    const again = await engine.importPaths({
      collection: "manuals",
      requestId: "r2",
      paths: [files["pump.pdf"] as string],
    });
    expect(again.results[0]).toMatchObject({ ok: true, skipped: true });
    const other = await engine.importPaths({
      collection: "case-a",
      requestId: "r3",
      paths: [files["pump.pdf"] as string],
    });
    expect(other.results[0]).toMatchObject({ ok: true, skipped: true });
    const [doc] = await engine.listDocuments({ collection: "manuals" });
    expect(doc?.collections.sort()).toEqual(["case-a", "manuals"]);
    await engine.removeDocument({ collection: "case-a", documentId: doc?.id ?? "" });
    expect((await engine.listDocuments({ collection: "manuals" })).length).toBe(1);
  });

  it("searching collection A never returns a passage of a document only in collection B", async () => {
    await engine.importPaths({
      collection: "case-a",
      requestId: "a",
      paths: [files["caseA.pdf"] as string],
    });
    await engine.importPaths({
      collection: "case-b",
      requestId: "b",
      paths: [files["caseB.pdf"] as string],
    });
    const inA = await engine.search({
      query: "blue bicycle harbour midnight",
      collections: ["case-a"],
      limit: 20,
    });
    expect(inA.length).toBeGreaterThan(0);
    expect(inA.every((p) => p.file === "caseA.pdf")).toBe(true);
    const inB = await engine.search({ query: "quokkamarker", collections: ["case-b"], limit: 20 });
    expect(inB).toEqual([]);
  });

  it("a changed file at the same path replaces its old version", async () => {
    const file = files["caseB.pdf"] as string;
    const before = (await engine.listDocuments({ collection: "case-b" }))[0];
    writeFileSync(
      file,
      await makePdf({
        title: "Case B statement",
        pages: [{ heading: "Statement", lines: ["Amended: the bicycle was green, seen at dawn."] }],
      }),
    );
    const report = await engine.importPaths({
      collection: "case-b",
      requestId: "c",
      paths: [file],
    });
    expect(report.results[0]).toMatchObject({ ok: true, skipped: false });
    const docs = await engine.listDocuments({ collection: "case-b" });
    expect(docs).toHaveLength(1);
    expect(docs[0]?.id).not.toBe(before?.id);
    expect(
      await engine.search({ query: "zebramarker", collections: ["case-b"], limit: 5 }),
    ).toEqual([]);
    expect(
      (await engine.search({ query: "green bicycle dawn", collections: ["case-b"], limit: 5 }))[0]
        ?.file,
    ).toBe("caseB.pdf");
  });

  it("removing a document deletes its text from every file under the data folder", async () => {
    const dataDir = path.join(dir, "data");
    expect(filesContaining(dataDir, "quokkamarker").length).toBeGreaterThan(0);
    const [doc] = await engine.listDocuments({ collection: "case-a" });
    expect(doc?.file).toBe("caseA.pdf");
    const { deleted } = await engine.removeDocument({
      collection: "case-a",
      documentId: doc?.id ?? "",
    });
    expect(deleted).toBe(true);
    expect(filesContaining(dataDir, "quokkamarker")).toEqual([]);
    expect(
      await engine.search({ query: "quokkamarker", collections: ["case-a"], limit: 5 }),
    ).toEqual([]);
  });

  it("reports the version in package.json as the app's version", async () => {
    const pkg = JSON.parse(
      readFileSync(path.join(import.meta.dirname, "..", "..", "..", "package.json"), "utf8"),
    ) as { version: string };
    expect((await engine.getAppInfo()).version).toBe(pkg.version);
  });

  it("reports each bad file by name while the good files of the same import still land", async () => {
    const bad = path.join(dir, "docs", "scan.pdf");
    writeFileSync(bad, Buffer.from("\x89PNG\r\n\x1a\n not really a pdf"));
    const report = await engine.importPaths({
      collection: "manuals",
      requestId: "bad",
      paths: [bad, files["caseA.pdf"] as string],
    });
    const failed = report.results.find((r) => r.file === "scan.pdf");
    expect(failed?.ok).toBe(false);
    expect(failed?.error?.message).toContain("scan.pdf");
    expect(report.results.find((r) => r.file === "caseA.pdf")?.ok).toBe(true);
  });
});
