/**
 * Scans through `enclave import` and `enclave search`, as an admin runs them: an image-only PDF,
 * a PNG photo of a page and a typed report with a scanned annex are found on the right page with
 * `ocr` set to the page's confidence (null for typed text), read without any network attempt, and
 * re-importing into a fresh library takes the OCR results from the data folder's cache.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { networkRefusals } from "../../../electron/engine/net/networkGuard";
import type { ImportFileResult } from "../../../shared/types";
import { cliInFolder } from "../../fixtures/runCliCapture";
import { makeScanImage, makeScanPdf } from "../../fixtures/documents/makeScan";

let dir: string;
const docs = (name: string): string => path.join(dir, "docs", name);

const { cli, search } = cliInFolder(() => dir);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-cli-ocr-"));
  mkdirSync(path.join(dir, "docs"));
  writeFileSync(
    docs("order.pdf"),
    await makeScanPdf([
      { lines: ["Court order for case 4471", "Seize the brass lantern"] },
      { lines: ["Second page of the order", "The warrant expires Friday"] },
    ]),
  );
  writeFileSync(docs("photo.png"), makeScanImage(["Evidence list", "Item three: a velvet glove"]));
  writeFileSync(
    docs("report.pdf"),
    await makeScanPdf([
      { typed: true, lines: ["Typed report about the harbour crane inspection."] },
      { lines: ["Annex A: scanned receipt", "Paid for the walnut cabinet"] },
    ]),
  );
  const run = await cli("import", docs("order.pdf"), docs("photo.png"), docs("report.pdf"));
  expect(run.code).toBe(0);
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("scans through the CLI", () => {
  it("finds text of an image-only PDF on its page, marked as OCR with the page's confidence", async () => {
    const [hit] = await search("warrant expires");
    expect(hit?.file).toBe("order.pdf");
    // Two short pages make one passage: it must span page 2, where the words are.
    expect(hit?.pageEnd).toBe(2);
    expect(hit?.ocr).toBeGreaterThan(80);
  });

  it("finds the text of a PNG photo of a page", async () => {
    const [hit] = await search("velvet glove");
    expect(hit?.file).toBe("photo.png");
    expect(hit?.page).toBe(1);
    expect(hit?.ocr).toBeGreaterThan(80);
  });

  it("reads only the scanned page of a mixed document with OCR", async () => {
    const [typed] = await search("harbour crane inspection");
    expect(typed?.file).toBe("report.pdf");
    expect(typed?.page).toBe(1);
    expect(typed?.ocr).toBeNull();
    const [annex] = await search("walnut cabinet");
    expect(annex?.pageEnd).toBe(2);
    expect(annex?.ocr).toBeGreaterThan(80);
    // One cache entry per OCR'd page: the typed page never went through OCR.
    const cached = readdirSync(path.join(dir, "data", "ocr"), { recursive: true }).filter((f) =>
      /^[0-9a-f]{2}[\\/][0-9a-f]{64}\.json$/.test(String(f)),
    );
    expect(cached).toHaveLength(4);
  });

  it("refuses a decompression-bomb and a truncated image with named errors, keeping the rest", async () => {
    const bomb = Buffer.from(makeScanImage(["tiny"], { width: 40, height: 40 }));
    bomb.writeUInt32BE(100_000, 16);
    bomb.writeUInt32BE(100_000, 20);
    writeFileSync(docs("bomb.png"), bomb);
    const photo = makeScanImage(["Cut off"], { width: 200, height: 200 });
    writeFileSync(docs("cut.png"), photo.subarray(0, Math.floor(photo.length / 2)));
    const run = await cli("import", docs("bomb.png"), docs("cut.png"), "--json");
    const results = (JSON.parse(run.stdout.trim()) as { results: ImportFileResult[] }).results;
    expect(results.map((r) => [r.file, r.error?.code])).toEqual([
      ["bomb.png", "TOO_LARGE"],
      ["cut.png", "CORRUPT"],
    ]);
    const [still] = await search("velvet glove");
    expect(still?.file).toBe("photo.png");
  });

  it("made no network attempt", () => {
    expect(networkRefusals()).toEqual([]);
  });
});
