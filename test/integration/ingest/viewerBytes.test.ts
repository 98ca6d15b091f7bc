/**
 * The in-app viewer opens a PDF that encrypts only its attachments, as the importer did, instead
 * of asking the user for a password nobody set; other files reach it byte for byte.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadPdfjs } from "../../../electron/engine/ingest/pdfjsRuntime";
import { readViewerBytes } from "../../../electron/engine/viewerBytes";
import { withCryptFilters } from "../../fixtures/documents/encryptPdf";
import { makePdf } from "../../fixtures/documents/makePdf";

const dir = mkdtempSync(path.join(os.tmpdir(), "enclave-viewer-bytes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stored(name: string, bytes: Uint8Array): { id: string; file: string } {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return { id: createHash("sha256").update(bytes).digest("hex"), file };
}

async function firstPageText(data: Uint8Array): Promise<string> {
  const pdfjs = await loadPdfjs();
  const doc = await pdfjs.getDocument({ data: data.slice(), isEvalSupported: false }).promise;
  try {
    const content = await (await doc.getPage(1)).getTextContent();
    return content.items.map((i) => ("str" in i ? i.str : "")).join(" ");
  } finally {
    await doc.destroy();
  }
}

const manual = (): Promise<Uint8Array> =>
  makePdf({ title: "Boiler Handbook", pages: [{ lines: ["Bleed the radiators first."] }] });

describe("the bytes the in-app viewer gets", () => {
  it("opens a PDF that encrypts only its attachments without a password", async () => {
    const { id, file } = stored(
      "attachments-locked.pdf",
      await withCryptFilters(await manual(), "Identity"),
    );
    await expect(firstPageText(new Uint8Array(readFileSync(file)))).rejects.toThrow(/password/i);
    expect(await firstPageText(await readViewerBytes(id, file))).toContain(
      "Bleed the radiators first.",
    );
  });

  it("returns any other file byte for byte, and refuses one that changed since import", async () => {
    const bytes = await manual();
    const { id, file } = stored("plain.pdf", bytes);
    expect(Buffer.from(await readViewerBytes(id, file)).equals(Buffer.from(bytes))).toBe(true);
    writeFileSync(file, "changed");
    await expect(readViewerBytes(id, file)).rejects.toMatchObject({ code: "DOCUMENT_CHANGED" });
  });
});
