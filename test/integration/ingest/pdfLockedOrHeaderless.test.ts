import { describe, expect, it } from "vitest";
import { ImportError } from "../../../electron/engine/ingest/ImportError";
import { parseDocument } from "../../../electron/engine/ingest/parseDocument";
import {
  encryptWithEmptyUserPassword,
  withCryptFilters,
} from "../../fixtures/documents/encryptPdf";
import { makePdf } from "../../fixtures/documents/makePdf";
import { allPages, parseFailure, useTempDirAndPool } from "./helpers";

const setup = useTempDirAndPool();

const manual = (): Promise<Uint8Array> =>
  makePdf({
    title: "Boiler Handbook",
    pages: [
      { lines: ["Bleed the radiators before the heating season."] },
      { lines: ["The relief valve opens at 3 bar."] },
    ],
  });

async function texts(name: string, pdf: Uint8Array): Promise<string[]> {
  const path = await setup.tmp().write(name, pdf);
  return (await allPages(await parseDocument(path, { pool: setup.pool() }))).map((p) => p.text);
}

const failure = async (name: string, data: Uint8Array | string): Promise<ImportError> =>
  parseFailure(await setup.tmp().write(name, data), { pool: setup.pool() });

describe("PDFs that look locked or damaged but open in any reader", () => {
  it("imports a PDF encrypted with an empty user password, decrypting its text and title", async () => {
    const encrypted = await encryptWithEmptyUserPassword(await manual());
    // The fixture really is encrypted: the sentence is not in the file's bytes.
    expect(Buffer.from(encrypted).includes("relief valve")).toBe(false);
    const path = await setup.tmp().write("empty-password.pdf", encrypted);
    const doc = await parseDocument(path, { pool: setup.pool() });
    expect(doc.title).toBe("Boiler Handbook");
    const pages = (await allPages(doc)).map((p) => p.text);
    expect(pages[1]).toContain("The relief valve opens at 3 bar.");
  });

  it("imports a PDF that encrypts only its attachments, without asking for their password", async () => {
    const pages = await texts(
      "attachments-locked.pdf",
      await withCryptFilters(await manual(), "Identity"),
    );
    expect(pages[0]).toContain("Bleed the radiators before the heating season.");
  });

  it("still refuses, as password-protected, a PDF whose pages need a password", async () => {
    const e = await failure("locked.pdf", await withCryptFilters(await manual(), "StdCF"));
    expect(e.code).toBe("ENCRYPTED");
    expect(e.message).toMatch(/"locked\.pdf" is password-protected: export an unprotected copy/);
  });

  it("imports a PDF whose %PDF- header line is missing, as PDF readers do", async () => {
    const bytes = Buffer.from(await manual());
    const header = bytes.indexOf("%PDF-");
    expect(header).toBe(0);
    // Overwritten in place with a comment, so every cross-reference offset stays right.
    bytes.write("%       ", 0, "latin1");
    expect(bytes.includes("%PDF-")).toBe(false);
    const pages = await texts("headerless.pdf", bytes);
    expect(pages[1]).toContain("The relief valve opens at 3 bar.");
  });

  it("does not take a text file that merely mentions PDF objects for a PDF", async () => {
    const e = await failure("notes.pdf", "Notes on the parser:\n1 0 obj is the catalog.\n");
    expect(e.code).toBe("WRONG_TYPE");
  });
});
