/** E-mail messages and mailboxes as pages, with their attachments saved for import. */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeEmail, makeMbox, type MakeEmailOptions } from "../../fixtures/documents/makeEmail";
import { makePdf } from "../../fixtures/documents/makePdf";
import { makePng } from "../../fixtures/documents/makePng";
import { expectMailPage } from "./mailPage";
import { useTempDirAndPool } from "./helpers";

const setup = useTempDirAndPool();

const base: MakeEmailOptions = {
  from: "Dana Whitlock <dana.whitlock@police.example>",
  to: "Case team <team@police.example>",
  cc: "Legal <legal@police.example>",
  date: "Tue, 05 Mar 2024 14:02:00 +0000",
  subject: "Re: lab results",
  text: "The report is attached.",
};

const parse = setup.parseFile;

describe("e-mail", () => {
  it("reads an .eml as one page: From, To, Cc, Date and Subject, then the body, under a heading naming sender and date", async () => {
    const { doc, pages } = await parse("mail.eml", makeEmail(base));
    expect(doc).toMatchObject({ format: "eml", title: "Re: lab results", pageCount: 1 });
    expectMailPage(pages[0]);
  });

  it("converts an HTML-only body to text, without its styles or scripts", async () => {
    const { pages } = await parse(
      "html.eml",
      makeEmail({
        ...base,
        text: undefined,
        html: "<html><head><style>p{color:red}</style></head><body><p>Meet at <b>Gate 4</b>.</p><script>x()</script></body></html>",
      }),
    );
    expect(pages[0]?.text).toContain("Meet at Gate 4.");
    expect(pages[0]?.text).not.toMatch(/color:red|x\(\)/);
  });

  it("saves PDF, photo and forwarded-mail attachments for import, and notes the unknown file it leaves out", async () => {
    const dir = join(setup.tmp().dir, "attachments");
    const pdf = await makePdf({ pages: [{ lines: ["Lab report page one."] }] });
    const { doc } = await parse(
      "with-attachments.eml",
      makeEmail({
        ...base,
        attachments: [
          { name: "report.pdf", type: "application/pdf", bytes: pdf },
          { name: "scene.jpg", type: "image/jpeg", bytes: makePng() },
          { name: "tool.exe", type: "application/octet-stream", bytes: "MZ" },
          {
            name: "Fwd.eml",
            type: "message/rfc822",
            bytes: makeEmail({ ...base, subject: "Original" }),
          },
        ],
      }),
      dir,
    );
    expect(doc.attachments?.map((a) => a.name)).toEqual(["report.pdf", "scene.jpg", "Fwd.eml"]);
    const saved = doc.attachments?.[0]?.path ?? "";
    expect(basename(saved)).toBe("report.pdf");
    expect(saved.startsWith(dir)).toBe(true);
    expect(new Uint8Array(readFileSync(saved))).toEqual(pdf);
    expect(doc.notes).toEqual([
      "tool.exe of 'Re: lab results' was left out: it is not a format Enclave imports.",
    ]);
  });

  it("notes the attachments instead of saving them when the caller keeps none", async () => {
    const { doc } = await parse(
      "kept-none.eml",
      makeEmail({
        ...base,
        attachments: [{ name: "a.csv", type: "text/csv", bytes: "x,y\n1,2\n" }],
      }),
    );
    expect(doc.attachments).toEqual([]);
    expect(doc.notes).toEqual([
      expect.stringContaining("a.csv of 'Re: lab results' was not imported"),
    ]);
  });

  it("still reads the message of an .eml cut off inside an attachment", async () => {
    const pdf = await makePdf({ pages: [{ lines: ["x"] }] });
    const raw = makeEmail({
      ...base,
      attachments: [{ name: "r.pdf", type: "application/pdf", bytes: pdf }],
    });
    const { pages } = await parse("cut.eml", raw.slice(0, Math.floor(raw.length * 0.6)));
    expect(pages[0]?.text).toContain("The report is attached.");
  });

  it("reads an .mbox as one page per message, undoing the >From escape", async () => {
    const { doc, pages } = await parse(
      "case.mbox",
      makeMbox([
        { ...base, subject: "First", text: "From the start, keep the log." },
        { ...base, subject: "Second", from: "Sam Ode <sam@police.example>", text: "Second body." },
      ]),
    );
    expect(doc).toMatchObject({ format: "mbox", title: "case", pageCount: 2 });
    expect(pages[0]?.text).toContain("\nFrom the start, keep the log.");
    expect(pages[1]?.headings[0]?.text).toBe(
      "'Second', from Sam Ode <sam@police.example>, 2024-03-05 14:02 UTC",
    );
  });
});
