/** Outlook messages (.msg) as pages laid out like an .eml, with their attachments saved for import. */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../electron/engine/ingest/parseDocument";
import { makeMsg, type MakeMsgOptions } from "../../fixtures/documents/makeMsg";
import { makePdf } from "../../fixtures/documents/makePdf";
import { makeEncryptedOoxml } from "../../fixtures/documents/makeRtf";
import { expectMailPage } from "./mailPage";
import { allPages, parseFailure, useTempDirAndPool } from "./helpers";

const setup = useTempDirAndPool();

const base: MakeMsgOptions = {
  subject: "Re: lab results",
  senderName: "Dana Whitlock",
  senderSmtp: "dana.whitlock@police.example",
  recipients: [
    { name: "Case team", smtp: "team@police.example", type: 1 },
    { name: "Legal", smtp: "legal@police.example", type: 2 },
  ],
  date: "2024-03-05T14:02:00Z",
  text: "The report is attached.",
};

const parse = setup.parseFile;

describe("Outlook .msg", () => {
  it("reads a .msg as one page: From, To, Cc, Date and Subject, then the body, under a heading naming sender and date", async () => {
    const { doc, pages } = await parse("mail.msg", makeMsg(base));
    expect(doc).toMatchObject({ format: "msg", title: "Re: lab results", pageCount: 1 });
    expectMailPage(pages[0]);
  });

  it("converts an HTML-only body to text, without its styles or scripts", async () => {
    const { pages } = await parse(
      "html.msg",
      makeMsg({
        ...base,
        text: undefined,
        html: "<html><head><style>p{color:red}</style></head><body><p>Meet at <b>Gate 4</b>.</p><script>x()</script></body></html>",
      }),
    );
    expect(pages[0]?.text).toContain("Meet at Gate 4.");
    expect(pages[0]?.text).not.toMatch(/color:red|x\(\)/);
  });

  it("reads an Outlook message whose name does not say .msg", async () => {
    const { doc } = await parse("saved-mail", makeMsg(base));
    expect(doc).toMatchObject({ format: "msg", title: "Re: lab results" });
  });

  it("saves its PDF and attached-message attachments for import, and notes the unknown file it leaves out", async () => {
    const dir = join(setup.tmp().dir, "attachments");
    const pdf = await makePdf({ pages: [{ lines: ["Lab report page one."] }] });
    const { doc } = await parse(
      "with-attachments.msg",
      makeMsg({
        ...base,
        attachments: [
          { name: "report.pdf", mimeType: "application/pdf", bytes: pdf },
          { name: "tool.exe", mimeType: "application/octet-stream", bytes: Buffer.from("MZ") },
          { name: "Original", message: { ...base, subject: "Original", text: "First report." } },
        ],
      }),
      dir,
    );
    expect(doc.attachments?.map((a) => a.name)).toEqual(["report.pdf", "Original.msg"]);
    const saved = doc.attachments?.[0]?.path ?? "";
    expect(basename(saved)).toBe("report.pdf");
    expect(saved.startsWith(dir)).toBe(true);
    expect(new Uint8Array(readFileSync(saved))).toEqual(pdf);
    expect(doc.notes).toEqual([
      "tool.exe of 'Re: lab results' was left out: it is not a format Enclave imports.",
    ]);
    // The attached message is saved as an Outlook message that imports in its own right.
    const inner = await parseDocument(doc.attachments?.[1]?.path ?? "", { pool: setup.pool() });
    expect(inner).toMatchObject({ format: "msg", title: "Original" });
    expect((await allPages(inner))[0]?.text).toContain("First report.");
  });

  it("refuses a truncated .msg as CORRUPT, naming the file", async () => {
    const bytes = makeMsg({ ...base, text: "A long body. ".repeat(2000) });
    const path = await setup
      .tmp()
      .write("cut.msg", bytes.subarray(0, Math.floor(bytes.length * 0.5)));
    const e = await parseFailure(path, { pool: setup.pool() });
    expect(e.code).toBe("CORRUPT");
    expect(e.message).toContain("cut.msg");
  });

  it("refuses a damaged compound file named .msg as CORRUPT, and a password-protected document as ENCRYPTED", async () => {
    const junk = new Uint8Array(4096);
    junk.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const bad = await parseFailure(await setup.tmp().write("junk.msg", junk), {
      pool: setup.pool(),
    });
    expect(bad.code).toBe("CORRUPT");
    expect(bad.message).toContain("junk.msg");
    const locked = await parseFailure(await setup.tmp().write("locked.msg", makeEncryptedOoxml()), {
      pool: setup.pool(),
    });
    expect(locked.code).toBe("ENCRYPTED");
  });

  it("refuses plain text named .msg as the wrong type", async () => {
    const path = await setup.tmp().write("notes.msg", Buffer.from("just some notes\n"));
    const e = await parseFailure(path, { pool: setup.pool() });
    expect(e.code).toBe("WRONG_TYPE");
  });
});
