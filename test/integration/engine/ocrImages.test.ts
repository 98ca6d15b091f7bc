/**
 * Scans as they come off scanners and phones, through the engine: a multi-page TIFF (each page a
 * page), a phone JPEG stored sideways with an EXIF orientation tag, and a PDF page scanned
 * sideways. Each is found on the right page, and the viewer's word boxes lie the way the page is
 * shown (a line of print is wider than tall on an upright page, taller than wide on a sideways one).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import type { PageOcrWord } from "../../../shared/types";
import {
  makeScanImage,
  makeScanPdf,
  makeScanTiff,
  withExifOrientation,
} from "../../fixtures/documents/makeScan";

let dir: string;
let engine: Engine;
const docs = (name: string): string => path.join(dir, "docs", name);

async function find(query: string) {
  const [hit] = await engine.search({ query, collections: ["default"], limit: 3 });
  expect(hit, query).toBeDefined();
  return hit!;
}

/** The box of `word` on its page, in the page's displayed pixels (`width` × `height`). */
async function wordBox(
  documentId: string,
  page: number,
  word: string,
  size: { width: number; height: number },
): Promise<{ w: number; h: number; box: PageOcrWord["box"] }> {
  const text = await engine.getPageText({ documentId, page });
  const found = text.ocr?.words.find((w) => w.text === word);
  expect(found, `"${word}" among the OCR words of page ${page}`).toBeDefined();
  const [l, t, r, b] = found!.box;
  return { w: (r - l) * size.width, h: (b - t) * size.height, box: found!.box };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-ocr-images-"));
  mkdirSync(path.join(dir, "docs"));
  const small = { width: 800, height: 500 };
  writeFileSync(
    docs("fax.tif"),
    makeScanTiff(
      [
        ["Fax cover sheet", "Urgent for the duty sergeant"],
        ["Second fax page", "The marmalade jar was dusted"],
        ["Third fax page", "Fingerprints matched the courier"],
      ],
      small,
    ),
  );
  // Stored turned a quarter counter-clockwise; EXIF 6 says "turn 90 clockwise to show".
  writeFileSync(
    docs("phone.jpg"),
    withExifOrientation(
      makeScanImage(["Evidence photo", "Tangerine umbrella by the door"], {
        ...small,
        rotate: 270,
        format: "jpeg",
      }),
      6,
    ),
  );
  writeFileSync(
    docs("sideways.pdf"),
    await makeScanPdf([
      { lines: ["Sideways annex", "The cobalt bicycle was returned"], rotate: 90 },
    ]),
  );
  engine = await Engine.create({
    dataDir: path.join(dir, "data"),
    bundledModelsDir: path.join(dir, "no-models"),
  });
  const report = await engine.importPaths({
    collection: "default",
    requestId: "scans",
    paths: [docs("fax.tif"), docs("phone.jpg"), docs("sideways.pdf")],
  });
  expect(report.results.map((r) => [r.file, r.ok, r.error?.message])).toEqual([
    ["fax.tif", true, undefined],
    ["phone.jpg", true, undefined],
    ["sideways.pdf", true, undefined],
  ]);
}, 240_000);

afterAll(async () => {
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("scans from scanners and phones", () => {
  it("makes each page of a multi-page TIFF a page", async () => {
    const docsList = await engine.listDocuments({ collection: "default" });
    expect(docsList.find((d) => d.file === "fax.tif")?.pages).toBe(3);
    const hit = await find("marmalade jar dusted");
    expect(hit.file).toBe("fax.tif");
    expect([hit.page, hit.pageEnd]).toContain(2);
    const third = await find("fingerprints courier");
    expect(third.pageEnd).toBe(3);
    expect(third.ocr).toBeGreaterThan(80);
  });

  it("reads a phone photo stored sideways upright, from its EXIF orientation", async () => {
    const hit = await find("tangerine umbrella");
    expect(hit.file).toBe("phone.jpg");
    expect(hit.ocr).toBeGreaterThan(80);
    // Shown upright (800 × 500), a word of print is much wider than tall.
    const { w, h } = await wordBox(hit.documentId, 1, "Tangerine", { width: 800, height: 500 });
    expect(w / h).toBeGreaterThan(3);
  });

  it("reads a PDF page scanned sideways, with word boxes along the sideways lines", async () => {
    const hit = await find("cobalt bicycle returned");
    expect(hit.file).toBe("sideways.pdf");
    expect(hit.ocr).toBeGreaterThan(80);
    // The page shows the print turned a quarter clockwise (792 × 612): lines run top to bottom.
    const { w, h, box } = await wordBox(hit.documentId, 1, "bicycle", { width: 792, height: 612 });
    expect(h / w).toBeGreaterThan(3);
    // Turned clockwise, the first line (near the image's top) sits near the page's right edge.
    expect(box[0]).toBeGreaterThan(0.7);
  });
});
