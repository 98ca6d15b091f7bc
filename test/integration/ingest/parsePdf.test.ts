import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../electron/engine/ingest/parseDocument";
import { makePdf } from "../../fixtures/documents/makePdf";
import { allPages, useTempDirAndPool } from "./helpers";

/** The longest a 5 ms timer fired late while `work` ran. */
async function worstTimerDelay(work: () => Promise<unknown>): Promise<number> {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return worst;
}

const setup = useTempDirAndPool();

describe("parsing PDFs", () => {
  it("streams every page in order with its text, 1-based page numbers and the metadata title", async () => {
    const pages = Array.from({ length: 40 }, (_, i) => ({
      lines: [`This is page number ${i + 1} of the manual.`, `Second line on page ${i + 1}.`],
    }));
    const path = await setup
      .tmp()
      .write("manual.pdf", await makePdf({ pages, title: "The Operator Manual" }));
    const progress: number[] = [];
    const doc = await parseDocument(path, {
      pool: setup.pool(),
      onProgress: (p) => progress.push(p.pagesDone),
    });
    expect(doc.format).toBe("pdf");
    expect(doc.title).toBe("The Operator Manual");
    expect(doc.pageCount).toBe(40);
    const parsed = await allPages(doc);
    expect(parsed.map((p) => p.page)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(parsed[6]?.text).toContain("This is page number 7 of the manual.");
    expect(parsed[6]?.text).toContain("\nSecond line on page 7.");
    expect(progress.at(-1)).toBe(40);
  });

  it("reads printed page labels: roman numerals for the front matter, then arabic from 1", async () => {
    const pages = Array.from({ length: 5 }, (_, i) => ({ lines: [`Content ${i + 1}`] }));
    const path = await setup
      .tmp()
      .write("labels.pdf", await makePdf({ pages, pageLabels: { romanPages: 2 } }));
    const parsed = await allPages(await parseDocument(path, { pool: setup.pool() }));
    expect(parsed.map((p) => p.label)).toEqual(["i", "ii", "1", "2", "3"]);
  });

  it("leaves labels empty when the PDF defines none", async () => {
    const path = await setup
      .tmp()
      .write("nolabels.pdf", await makePdf({ pages: [{ lines: ["a"] }, { lines: ["b"] }] }));
    const parsed = await allPages(await parseDocument(path, { pool: setup.pool() }));
    expect(parsed.map((p) => p.label)).toEqual([null, null]);
  });

  it("turns bookmarks into headings on their destination pages, with levels, and uses the first as title", async () => {
    const path = await setup.tmp().write(
      "outline.pdf",
      await makePdf({
        outline: true,
        pages: [
          { heading: "1 Getting started", lines: ["Welcome text."] },
          { heading: { text: "1.1 Installing", level: 2 }, lines: ["Run the installer."] },
          { lines: ["More about installing."] },
          { heading: "2 Configuration", lines: ["Edit the settings."] },
        ],
      }),
    );
    const doc = await parseDocument(path, { pool: setup.pool() });
    expect(doc.title).toBe("1 Getting started");
    const parsed = await allPages(doc);
    expect(parsed[0]?.headings).toEqual([
      { offset: parsed[0]?.text.indexOf("1 Getting started"), level: 1, text: "1 Getting started" },
    ]);
    expect(parsed[1]?.headings).toEqual([
      { offset: parsed[1]?.text.indexOf("1.1 Installing"), level: 2, text: "1.1 Installing" },
    ]);
    expect(parsed[2]?.headings).toEqual([]);
    expect(parsed[3]?.headings.map((h) => [h.level, h.text])).toEqual([[1, "2 Configuration"]]);
  });

  it("detects numbered and appendix headings from the text when the PDF has no bookmarks", async () => {
    const path = await setup.tmp().write(
      "patterns.pdf",
      await makePdf({
        pages: [
          { heading: "6 Add-on packages", lines: ["Packages extend R."] },
          { heading: "6.1 Default packages", lines: ["Some are loaded."] },
          { heading: "Appendix A Sample session", lines: ["Try this."] },
        ],
      }),
    );
    const parsed = await allPages(await parseDocument(path, { pool: setup.pool() }));
    expect(parsed.flatMap((p) => p.headings.map((h) => [p.page, h.level, h.text]))).toEqual([
      [1, 1, "6 Add-on packages"],
      [2, 2, "6.1 Default packages"],
      [3, 1, "Appendix A Sample session"],
    ]);
  });

  it("falls back to the file name when there is no title and no heading", async () => {
    const path = await setup
      .tmp()
      .write("plain-report.pdf", await makePdf({ pages: [{ lines: ["just some text here"] }] }));
    expect((await parseDocument(path, { pool: setup.pool() })).title).toBe("plain-report");
  });

  it("parses a long PDF across several workers without blocking the event loop", async () => {
    const pages = Array.from({ length: 300 }, (_, i) => ({
      lines: Array.from(
        { length: 30 },
        (_, k) => `Line ${k + 1} of page ${i + 1}: the quick brown fox jumps over the lazy dog.`,
      ),
    }));
    const path = await setup.tmp().write("long.pdf", await makePdf({ pages }));
    // The machine's own scheduling noise (other processes) is measured first and allowed for,
    // so the test judges only what parsing adds to the event loop's delay.
    const baseline = await worstTimerDelay(() => new Promise((r) => setTimeout(r, 1000)));
    let parsed: Awaited<ReturnType<typeof allPages>> = [];
    const worst = await worstTimerDelay(async () => {
      parsed = await allPages(await parseDocument(path, { pool: setup.pool() }));
    });
    expect(parsed).toHaveLength(300);
    expect(parsed[299]?.text).toContain("Line 30 of page 300");
    expect(worst).toBeLessThan(100 + baseline);
  });
});
