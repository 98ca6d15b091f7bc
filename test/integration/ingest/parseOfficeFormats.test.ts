/**
 * Spreadsheets, CSV, presentations, OpenDocument text, RTF and e-books, parsed in the pool's
 * workers from files the tests generate: what a search and a citation will see of each.
 */
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../electron/engine/ingest/parseDocument";
import {
  makeEpub,
  makeOdp,
  makeOds,
  makeOdt,
  makePptx,
  makeXlsx,
} from "../../fixtures/documents/makeOffice";
import { makeRtf } from "../../fixtures/documents/makeRtf";
import { allPages, useTempDirAndPool } from "./helpers";

const setup = useTempDirAndPool();

async function parse(name: string, data: Uint8Array | string) {
  const doc = await parseDocument(await setup.tmp().write(name, data), { pool: setup.pool() });
  return { doc, pages: await allPages(doc) };
}

const inventory = [
  ["Serial", "Item", "Location", "Checked"],
  ["A-113", "radio", "locker 4", { date: "2024-03-05" }],
  ["A-114", "torch", "locker 7", { date: "2024-03-06" }],
] as const;

describe("spreadsheets and CSV", () => {
  it("reads each .xlsx sheet as a page whose rows name their columns, with dates as dates", async () => {
    const { doc, pages } = await parse(
      "stores.xlsx",
      await makeXlsx(
        [
          { name: "Inventory", rows: inventory.map((r) => [...r]) },
          {
            name: "Staff",
            rows: [
              ["Name", "Badge"],
              ["R. Okafor", 4471],
            ],
          },
        ],
        "Evidence stores",
      ),
    );
    expect(doc).toMatchObject({ format: "xlsx", title: "Evidence stores", pageCount: 2 });
    expect(pages[0]?.text).toBe(
      "Serial: A-113, Item: radio, Location: locker 4, Checked: 2024-03-05\n" +
        "Serial: A-114, Item: torch, Location: locker 7, Checked: 2024-03-06",
    );
    expect(pages[0]?.headings).toEqual([
      { offset: 0, level: 1, text: "Sheet 'Inventory', rows 2–3" },
    ]);
    expect(pages[1]?.text).toBe("Name: R. Okafor, Badge: 4471");
  });

  it("splits a large sheet into row ranges, each a heading a citation can name", async () => {
    const rows = [["Serial", "Item", "Location"]];
    for (let i = 1; i <= 300; i++) rows.push([`B-${1000 + i}`, `item ${i}`, `shelf ${i % 17}`]);
    const { pages } = await parse("big.xlsx", await makeXlsx([{ name: "Inventory", rows }]));
    const headings = pages[0]?.headings ?? [];
    expect(headings.length).toBeGreaterThan(5);
    expect(headings[0]?.text).toMatch(/^Sheet 'Inventory', rows 2–\d+$/);
    expect(headings.at(-1)?.text).toMatch(/^Sheet 'Inventory', rows \d+–301$/);
    // Each range starts where its first row's line starts.
    for (const h of headings) {
      const from = Number(/rows (\d+)/.exec(h.text)?.[1]);
      const line = (pages[0]?.text ?? "").slice(h.offset).split("\n")[0];
      expect(line).toContain(`Serial: B-${1000 + from - 1},`);
    }
  });

  it("reads an .ods sheet, ignoring the million repeated empty rows office suites write", async () => {
    const { doc, pages } = await parse(
      "stores.ods",
      await makeOds([{ name: "Inventory", rows: inventory.map((r) => [...r]) }], {
        title: "Stores",
      }),
    );
    expect(doc).toMatchObject({ format: "ods", title: "Stores", pageCount: 1 });
    expect(pages[0]?.text).toContain("Serial: A-114, Item: torch, Location: locker 7");
    expect(pages[0]?.headings[0]?.text).toBe("Sheet 'Inventory', rows 2–3");
  });

  it("reads CSV with quoted fields, guessing a semicolon delimiter", async () => {
    const csv =
      'Serial;Item;Notes\r\nA-113;radio;"battery; spare ""AA"""\r\nA-114;torch;"two\nlines"\r\n';
    const { doc, pages } = await parse("log.csv", csv);
    expect(doc.format).toBe("csv");
    expect(pages[0]?.text).toBe(
      'Serial: A-113, Item: radio, Notes: battery; spare "AA"\nSerial: A-114, Item: torch, Notes: two lines',
    );
    expect(pages[0]?.headings[0]?.text).toBe("Sheet 'log', rows 2–3");
  });
});

describe("presentations, documents and e-books", () => {
  it("reads each .pptx slide in presentation order as a page with its speaker notes", async () => {
    const { doc, pages } = await parse(
      "briefing.pptx",
      await makePptx(
        [
          { title: "Operation Lantern", body: ["Briefing for night shift"] },
          {
            title: "Entry plan",
            body: ["Team B holds the rear door", "Radio channel 4"],
            notes: ["Remind everyone about body cameras"],
          },
        ],
        "Lantern briefing",
      ),
    );
    expect(doc).toMatchObject({ format: "pptx", title: "Lantern briefing", pageCount: 2 });
    expect(pages[1]?.text).toBe(
      "Entry plan\nTeam B holds the rear door\nRadio channel 4\n\nSpeaker notes:\nRemind everyone about body cameras",
    );
    expect(pages[1]?.headings).toEqual([{ offset: 0, level: 1, text: "Slide 2: Entry plan" }]);
    expect(pages[0]?.text).not.toContain("Speaker notes");
  });

  it("reads .odp slides with their notes", async () => {
    const { doc, pages } = await parse(
      "briefing.odp",
      await makeOdp([{ title: "Scene", body: ["Cordon at the gate"], notes: ["Log every entry"] }]),
    );
    expect(doc.format).toBe("odp");
    expect(pages[0]?.text).toBe("Scene\nCordon at the gate\n\nSpeaker notes:\nLog every entry");
    expect(pages[0]?.headings[0]?.text).toBe("Slide 1: Scene");
  });

  it("reads .odt with its outline headings and title", async () => {
    const { doc, pages } = await parse(
      "statement.odt",
      await makeOdt(
        [
          { text: "Witness statement", level: 1 },
          { text: "I saw the van at 22:10." },
          { text: "Vehicle", level: 2 },
          { text: "A white Transit, plate partly hidden." },
        ],
        { title: "Statement of J. Doe" },
      ),
    );
    expect(doc).toMatchObject({ format: "odt", title: "Statement of J. Doe" });
    expect(pages[0]?.text).toBe(
      "Witness statement\nI saw the van at 22:10.\nVehicle\nA white Transit, plate partly hidden.",
    );
    expect(pages[0]?.headings.map((h) => [h.level, h.text])).toEqual([
      [1, "Witness statement"],
      [2, "Vehicle"],
    ]);
  });

  it("reads .rtf text without its font tables, with accents and its info title", async () => {
    const { doc, pages } = await parse(
      "memo.rtf",
      makeRtf({
        title: "Custody memo",
        heading: "Custody Procedure",
        paragraphs: ["Detainees are checked every 30 minutes.", "Café rota — see annex ½."],
      }),
    );
    expect(doc).toMatchObject({ format: "rtf", title: "Custody memo" });
    expect(pages[0]?.text).toBe(
      "Custody Procedure\nDetainees are checked every 30 minutes.\nCafé rota — see annex ½.",
    );
    expect(pages[0]?.text).not.toContain("Times New Roman");
  });

  it("reads .epub chapters in spine order, each titled from the table of contents", async () => {
    const { doc, pages } = await parse(
      "handbook.epub",
      await makeEpub(
        [
          { title: "Chapter 1: Arrival", paragraphs: ["Report to the duty sergeant."] },
          { title: "Chapter 2: Evidence", paragraphs: ["Bag and tag every item."] },
        ],
        { title: "Probationer handbook" },
      ),
    );
    expect(doc).toMatchObject({ format: "epub", title: "Probationer handbook", pageCount: 2 });
    expect(pages.map((p) => p.headings[0]?.text)).toEqual([
      "Chapter 1: Arrival",
      "Chapter 2: Evidence",
    ]);
    expect(pages[1]?.text).toContain("Bag and tag every item.");
  });
});
