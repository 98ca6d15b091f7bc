import { describe, expect, it } from "vitest";
import { ImportError } from "../../../electron/engine/ingest/ImportError";
import { parseDocument } from "../../../electron/engine/ingest/parseDocument";
import { makePdf, makeTruncatedPdf } from "../../fixtures/documents/makePdf";
import { makePng } from "../../fixtures/documents/makePng";
import { makeRandomBinary } from "../../fixtures/documents/makeTextFiles";
import { parseFailure, useTempDirAndPool } from "./helpers";

const setup = useTempDirAndPool();

/** Parses the file completely and returns the ImportError it failed with. */
const failure = (
  path: string,
  options: Parameters<typeof parseDocument>[1] = {},
): Promise<ImportError> => parseFailure(path, { pool: setup.pool(), ...options });

describe("files that cannot be imported", () => {
  it("refuses a zero-byte file as EMPTY, naming the file", async () => {
    const e = await failure(await setup.tmp().write("empty.pdf", new Uint8Array()));
    expect(e.code).toBe("EMPTY");
    expect(e.message).toContain('"empty.pdf"');
  });

  it("refuses a truncated PDF as CORRUPT and says to copy it again", async () => {
    const e = await failure(await setup.tmp().write("cut.pdf", await makeTruncatedPdf(0.3)));
    expect(e.code).toBe("CORRUPT");
    expect(e.message).toContain('"cut.pdf"');
    expect(e.message).toMatch(/copy it again/);
  });

  it("refuses a password-protected PDF as ENCRYPTED and says to export an unprotected copy", async () => {
    const e = await failure(
      await setup.tmp().write(
        "secret.pdf",
        await makePdf({
          pages: [{ lines: ["classified"] }],
          encrypted: { userPassword: "hunter2" },
        }),
      ),
    );
    expect(e.code).toBe("ENCRYPTED");
    expect(e.message).toContain(
      '"secret.pdf" is password-protected: export an unprotected copy and import that.',
    );
  });

  it("refuses an image-only PDF whose images hold no text as NO_TEXT, naming OCR", async () => {
    const e = await failure(
      await setup
        .tmp()
        .write(
          "scan.pdf",
          await makePdf({ pages: [{ lines: [] }, { lines: [] }], imageOnly: true }),
        ),
    );
    expect(e.code).toBe("NO_TEXT");
    expect(e.message).toContain('"scan.pdf"');
    expect(e.message).toMatch(/OCR/);
  });

  it("refuses a PNG named .pdf as WRONG_TYPE, saying what it really is", async () => {
    const e = await failure(await setup.tmp().write("photo.pdf", makePng()));
    expect(e.code).toBe("WRONG_TYPE");
    expect(e.message).toContain('"photo.pdf"');
    expect(e.message).toContain("PNG image");
  });

  it("refuses random binary data as UNSUPPORTED, or WRONG_TYPE when named like a text file", async () => {
    const bin = makeRandomBinary();
    const a = await failure(await setup.tmp().write("blob.bin", bin));
    expect(a.code).toBe("UNSUPPORTED");
    expect(a.message).toContain('"blob.bin"');
    const b = await failure(await setup.tmp().write("notes.txt", bin));
    expect(b.code).toBe("WRONG_TYPE");
  });

  it("refuses a file over the size limit as TOO_LARGE before reading it", async () => {
    const e = await failure(await setup.tmp().write("big.txt", "x".repeat(4096)), {
      maxFileBytes: 1024,
    });
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toContain('"big.txt"');
  });

  it("refuses a zip archive that is not a Word document", async () => {
    const zip = Buffer.from("504b0506000000000000000000000000000000000000", "hex");
    const e = await failure(await setup.tmp().write("archive.docx", zip));
    expect(e.code).toBe("WRONG_TYPE");
  });

  it("stops with ABORTED when the import is cancelled", async () => {
    const path = await setup
      .tmp()
      .write(
        "abort.pdf",
        await makePdf({ pages: Array.from({ length: 60 }, (_, i) => ({ lines: [`page ${i}`] })) }),
      );
    const controller = new AbortController();
    const doc = await parseDocument(path, { pool: setup.pool(), signal: controller.signal });
    let seen = 0;
    await expect(
      (async () => {
        for await (const _page of doc.pages) {
          seen++;
          if (seen === 3) controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: "ABORTED" });
    expect(seen).toBeLessThan(60);
  });
});
