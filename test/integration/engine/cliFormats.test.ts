/**
 * The formats of case work through `enclave import` and `enclave search`, as an admin runs them:
 * an e-mail with a PDF attachment, a CSV, a workbook, a slide deck and an e-book, each found with
 * the sheet, slide, chapter or attachment in the result's fields.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportFileResult } from "../../../shared/types";
import { cliInFolder } from "../../fixtures/runCliCapture";
import { makeEmail } from "../../fixtures/documents/makeEmail";
import { makeEpub, makePptx, makeXlsx } from "../../fixtures/documents/makeOffice";
import { makePdf } from "../../fixtures/documents/makePdf";
import { makeScanImage } from "../../fixtures/documents/makeScan";

let dir: string;
const docs = (name: string): string => path.join(dir, "docs", name);

const { cli, search } = cliInFolder(() => dir);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-cli-formats-"));
  mkdirSync(path.join(dir, "docs"));
  const report = await makePdf({
    title: "Forensic report",
    pages: [
      { lines: ["Exhibit list for case 4471."] },
      { lines: ["Page two: chain of custody."] },
      { lines: ["The cartridge case was recovered beneath the marmalade jar in the pantry."] },
    ],
  });
  writeFileSync(
    docs("budget.eml"),
    makeEmail({
      from: "Dana Whitlock <dana.whitlock@police.example>",
      to: "Case team <team@police.example>",
      cc: "Legal <legal@police.example>",
      date: "Tue, 05 Mar 2024 14:02:00 +0000",
      subject: "Re: lab results for case 4471",
      text: "Attached is the lab's report. The hearing is on Thursday.",
      attachments: [
        { name: "report.pdf", type: "application/pdf", bytes: report },
        {
          name: "scene.png",
          type: "image/png",
          bytes: makeScanImage(["Photo of the scene", "Broken latch on the kitchen window"]),
        },
      ],
    }),
  );
  writeFileSync(
    docs("log.csv"),
    "Serial,Item,Location\nA-113,radio,locker 4\nA-114,theodolite,locker 9\n",
  );
  writeFileSync(
    docs("stores.xlsx"),
    await makeXlsx([
      { name: "Summary", rows: [["Total", 2]] },
      {
        name: "Inventory",
        rows: [
          ["Serial", "Item", "Location"],
          ["B-201", "megaphone", "van 3"],
          ["B-202", "stethoscope", "van 5"],
        ],
      },
    ]),
  );
  writeFileSync(
    docs("briefing.pptx"),
    await makePptx([
      { title: "Operation Lantern", body: ["Night shift briefing"] },
      {
        title: "Entry plan",
        body: ["Team B holds the rear door"],
        notes: ["Bring the battering ram from the depot"],
      },
    ]),
  );
  writeFileSync(
    docs("handbook.epub"),
    await makeEpub(
      [
        { title: "Arrival", paragraphs: ["Report to the duty sergeant."] },
        { title: "Evidence", paragraphs: ["Seal every exhibit bag with orange tamper tape."] },
      ],
      { title: "Probationer handbook" },
    ),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("importing and searching the formats of case work with the CLI", () => {
  let results: ImportFileResult[] = [];

  it("imports each file, and the e-mail's PDF and photo attachments as child documents", async () => {
    const run = await cli(
      "import",
      ...["budget.eml", "log.csv", "stores.xlsx", "briefing.pptx", "handbook.epub"].map(docs),
      "--json",
    );
    expect(run.code).toBe(0);
    results = (JSON.parse(run.stdout.trim()) as { results: ImportFileResult[] }).results;
    expect(results.map((r) => [r.file, r.ok])).toEqual([
      ["budget.eml", true],
      ["report.pdf", true],
      ["scene.png", true],
      ["log.csv", true],
      ["stores.xlsx", true],
      ["briefing.pptx", true],
      ["handbook.epub", true],
    ]);
    const [mail, attachment, photo] = results;
    expect(attachment?.parentId).toBe(mail?.documentId);
    expect(attachment?.pages).toBe(3);
    expect(photo?.parentId).toBe(mail?.documentId);
    expect(mail?.notes ?? []).toEqual([]);
  });

  it("finds the attachment's page, naming the message it came in", async () => {
    const [top] = await search("marmalade cartridge");
    expect(top).toMatchObject({
      file: "report.pdf",
      page: 3,
      parent: { title: "Re: lab results for case 4471", file: "budget.eml" },
    });
    expect(top?.parent?.documentId).toBe(results[0]?.documentId);
    const plain = await cli("search", "marmalade cartridge", "--limit", "1");
    expect(plain.stdout).toContain(
      "attachment report.pdf of 'Re: lab results for case 4471', p. 3",
    );
  });

  it("finds the message by its sender and date, with no parent", async () => {
    const [top] = await search("Whitlock 2024-03-05");
    expect(top).toMatchObject({ file: "budget.eml", parent: null });
    expect(top?.heading).toContain("dana.whitlock@police.example");
    expect(top?.heading).toContain("2024-03-05");
  });

  it("finds the photo attachment's text, read with OCR", async () => {
    const [top] = await search("broken latch kitchen window");
    expect(top).toMatchObject({ file: "scene.png", page: 1, parent: { file: "budget.eml" } });
    expect(top?.ocr).toBeGreaterThan(80);
  });

  it("finds a CSV row and a workbook row under their sheet and row range", async () => {
    const [csv] = await search("theodolite");
    expect(csv).toMatchObject({ file: "log.csv", heading: "Sheet 'log', rows 2–3" });
    expect(csv?.text).toContain("Item: theodolite, Location: locker 9");
    const [xlsx] = await search("stethoscope");
    expect(xlsx).toMatchObject({
      file: "stores.xlsx",
      page: 2,
      heading: "Sheet 'Inventory', rows 2–3",
    });
  });

  it("finds a slide by its speaker notes, and an e-book chapter by its text", async () => {
    const [slide] = await search("battering ram");
    expect(slide).toMatchObject({ file: "briefing.pptx", page: 2, heading: "Slide 2: Entry plan" });
    const [chapter] = await search("orange tamper tape");
    expect(chapter).toMatchObject({
      file: "handbook.epub",
      title: "Probationer handbook",
      page: 2,
      heading: "Evidence",
    });
  });

  it("removes the attachment, and its saved file, with its message", async () => {
    const attachments = path.join(dir, "data", "attachments");
    expect(readdirSync(attachments)).toHaveLength(2);
    const run = await cli("remove", "budget.eml", "--json");
    expect(run.code).toBe(0);
    expect(await search("marmalade cartridge")).toEqual([]);
    expect(existsSync(attachments) ? readdirSync(attachments) : []).toEqual([]);
  });
});
