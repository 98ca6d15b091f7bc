/**
 * The bad-input treatment of the PDF path, for every format in ingest/formats/: damaged,
 * truncated, password-protected, zip bombs and files that are not what their name says each
 * fail with a named error that says what to do, and never take the worker pool down with them.
 */
import { describe, expect, it } from "vitest";
import { ImportError } from "../../../electron/engine/ingest/ImportError";
import { parseDocument } from "../../../electron/engine/ingest/parseDocument";
import { makePackageBomb } from "../../fixtures/documents/makeDocxBomb";
import {
  makeEpub,
  makeOds,
  makeOdt,
  makePptx,
  makeXlsx,
} from "../../fixtures/documents/makeOffice";
import { makePng } from "../../fixtures/documents/makePng";
import { makeEncryptedOoxml, makeRtf } from "../../fixtures/documents/makeRtf";
import { makeRandomBinary } from "../../fixtures/documents/makeTextFiles";
import { allPages, parseFailure, useTempDirAndPool } from "./helpers";

const setup = useTempDirAndPool();

const failure = async (name: string, data: Uint8Array | string): Promise<ImportError> =>
  parseFailure(await setup.tmp().write(name, data), { pool: setup.pool() });

const truncated = (bytes: Uint8Array): Uint8Array =>
  bytes.subarray(0, Math.floor(bytes.length * 0.7));
const sheet = [
  {
    name: "Inventory",
    rows: [
      ["Serial", "Item"],
      ["A-113", "radio"],
    ],
  },
];
const slides = [{ title: "Plan", body: ["Hold the door"] }];

describe("damaged and truncated files", () => {
  it("refuses a truncated .xlsx, .pptx, .ods and .epub as CORRUPT, naming the file", async () => {
    const files: [string, Uint8Array][] = [
      ["stores.xlsx", await makeXlsx(sheet)],
      ["plan.pptx", await makePptx(slides)],
      ["stores.ods", await makeOds(sheet)],
      ["book.epub", await makeEpub([{ title: "One", paragraphs: ["Text."] }])],
    ];
    for (const [name, bytes] of files) {
      const e = await failure(name, truncated(bytes));
      expect(e.code, name).toBe("CORRUPT");
      expect(e.message).toContain(`"${name}"`);
    }
  });

  it("refuses an .rtf cut off before its last group closes as CORRUPT", async () => {
    const rtf = makeRtf({ title: "Memo", heading: "Custody", paragraphs: ["Checked hourly."] });
    const e = await failure("memo.rtf", rtf.slice(0, rtf.length - 20));
    expect(e.code).toBe("CORRUPT");
    expect(e.message).toContain("truncated");
  });

  it("refuses a workbook whose sheet part is missing as CORRUPT", async () => {
    const JSZip = (await import("jszip")).default;
    const zip = await JSZip.loadAsync(await makeXlsx(sheet));
    zip.remove("xl/worksheets/sheet1.xml");
    const e = await failure("stores.xlsx", await zip.generateAsync({ type: "uint8array" }));
    expect(e.code).toBe("CORRUPT");
    expect(e.message).toContain("xl/worksheets/sheet1.xml");
  });
});

describe("password-protected files", () => {
  it("says ENCRYPTED for Office files saved with a password (a compound file, not a zip)", async () => {
    for (const name of ["stores.xlsx", "plan.pptx", "report.docx"]) {
      const e = await failure(name, makeEncryptedOoxml());
      expect(e.code, name).toBe("ENCRYPTED");
      expect(e.message).toContain("export an unprotected copy");
    }
  });

  it("says ENCRYPTED for an OpenDocument file saved with a password and a DRM e-book", async () => {
    const odt = await failure("statement.odt", await makeOdt([{ text: "x" }], { encrypted: true }));
    expect(odt.code).toBe("ENCRYPTED");
    const epub = await failure(
      "book.epub",
      await makeEpub([{ title: "One", paragraphs: ["Text."] }], { drm: true }),
    );
    expect(epub.code).toBe("ENCRYPTED");
    expect(epub.message).toContain("DRM");
  });
});

describe("zip bombs", () => {
  const xml = '<?xml version="1.0" encoding="UTF-8"?>';
  it("refuses a workbook whose sheet unpacks to 256 MiB (its headers claim 1 KB) as TOO_LARGE", async () => {
    const bytes = await makePackageBomb({
      xmlBytes: 256 * 2 ** 20,
      declaredBytes: 1000,
      bomb: {
        name: "xl/worksheets/sheet1.xml",
        head: `${xml}<worksheet><sheetData>`,
        unit: '<row><c t="inlineStr"><is><t>all work and no play</t></is></c></row>',
        tail: "</sheetData></worksheet>",
      },
      parts: {
        "xl/workbook.xml": `${xml}<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`,
        "xl/_rels/workbook.xml.rels": `${xml}<Relationships><Relationship Id="rId1" Type="t/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      },
    });
    expect(bytes.length).toBeLessThan(2 * 2 ** 20);
    const e = await failure("bomb.xlsx", bytes);
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toContain("xl/worksheets/sheet1.xml unpacks to more than 64 MiB");
  });

  it("refuses an OpenDocument spreadsheet whose content.xml is a bomb as TOO_LARGE", async () => {
    const bytes = await makePackageBomb({
      xmlBytes: 256 * 2 ** 20,
      bomb: {
        name: "content.xml",
        head: `${xml}<office:document-content><office:body><office:spreadsheet><table:table table:name="S">`,
        unit: "<table:table-row><table:table-cell><text:p>all work</text:p></table:table-cell></table:table-row>",
        tail: "</table:table></office:spreadsheet></office:body></office:document-content>",
      },
      parts: { mimetype: "application/vnd.oasis.opendocument.spreadsheet" },
    });
    const e = await failure("bomb.ods", bytes);
    expect(e.code).toBe("TOO_LARGE");
  });
});

describe("files that are not what their name says", () => {
  it("refuses an image, text or random bytes under an office or e-book name as WRONG_TYPE", async () => {
    const png = await failure("stores.xlsx", makePng());
    expect(png.code).toBe("WRONG_TYPE");
    expect(png.message).toContain("PNG image");
    expect((await failure("plan.pptx", "just some notes\n")).code).toBe("WRONG_TYPE");
    expect((await failure("book.epub", makeRandomBinary(4096))).code).toBe("WRONG_TYPE");
    expect((await failure("memo.rtf", "plain text, not RTF\n")).code).toBe("WRONG_TYPE");
  });

  it("refuses a zip that is no office package or e-book as WRONG_TYPE", async () => {
    const JSZip = (await import("jszip")).default;
    const zip = new JSZip();
    zip.file("photos/readme.txt", "holiday photos");
    const e = await failure("book.epub", await zip.generateAsync({ type: "uint8array" }));
    expect(e.code).toBe("WRONG_TYPE");
    expect(e.message).toContain("zip archive");
  });

  it("refuses binary data named .csv, and text without mail headers named .eml or .mbox", async () => {
    expect((await failure("log.csv", makeRandomBinary(4096))).code).toBe("WRONG_TYPE");
    const eml = await failure("note.eml", "Dear team,\nno headers here at all.\n");
    expect(eml.code).toBe("WRONG_TYPE");
    expect(eml.message).toContain("no e-mail headers");
    expect((await failure("box.mbox", "Subject: hi\n\nnot a mailbox\n")).code).toBe("WRONG_TYPE");
  });

  it("reads an office file by its content when its name claims another office format", async () => {
    const path = await setup.tmp().write("really-a-workbook.pptx", await makeXlsx(sheet));
    const doc = await parseDocument(path, { pool: setup.pool() });
    expect(doc.format).toBe("xlsx");
    expect((await allPages(doc))[0]?.text).toBe("Serial: A-113, Item: radio");
  });
});
