import { describe, expect, it } from "vitest";
import { chunkPages, type ChunkOptions } from "../../../electron/engine/ingest/chunkPages";
import type { HeadingMark, ParsedPage } from "../../../electron/engine/ingest/types";
import type { ChunkDraft } from "../../../electron/engine/store/types";
import type { PageRecord } from "../../../electron/engine/store/types";

async function* from(pages: ParsedPage[]): AsyncGenerator<ParsedPage> {
  for (const p of pages) yield await Promise.resolve(p);
}

async function run(
  pages: ParsedPage[],
  options?: ChunkOptions,
): Promise<{ chunks: ChunkDraft[]; records: PageRecord[] }> {
  const chunks: ChunkDraft[] = [];
  const records: PageRecord[] = [];
  for await (const batch of chunkPages(from(pages), options)) {
    chunks.push(...batch.chunks);
    records.push(...batch.pages);
  }
  return { chunks, records };
}

function page(
  n: number,
  text: string,
  headings: HeadingMark[] = [],
  label: string | null = null,
): ParsedPage {
  return { page: n, text, label, headings };
}

/** The text a chunk must equal, rebuilt from the page texts and its offsets. */
function expectedText(c: ChunkDraft, pages: ParsedPage[]): string {
  const a = pages.find((p) => p.page === c.page)?.text ?? "";
  const b = pages.find((p) => p.page === c.pageEnd)?.text ?? "";
  return c.page === c.pageEnd
    ? a.slice(c.charStart, c.charEnd)
    : `${a.slice(c.charStart)}\n${b.slice(0, c.charEnd)}`;
}

function sentences(n: number, seed: string): string {
  return Array.from(
    { length: n },
    (_, i) => `${seed} sentence ${i + 1} talks about configuring the package library path.`,
  ).join("\n");
}

describe("chunking pages into passages", () => {
  it("keeps every chunk's text exactly equal to the page text at its offsets", async () => {
    const pages = Array.from({ length: 12 }, (_, i) =>
      page(i + 1, `Header ${i + 1}\n${sentences(25, `P${i + 1}`)}\n${i + 1}\n`),
    );
    const { chunks } = await run(pages);
    expect(chunks.length).toBeGreaterThan(12);
    for (const c of chunks) expect(c.text).toBe(expectedText(c, pages));
  });

  it("spans at most two consecutive pages, numbers chunks in order, and never reaches 2,500 characters", async () => {
    const pages = Array.from({ length: 20 }, (_, i) =>
      page(i + 1, sentences(i % 3 === 0 ? 3 : 40, `S${i}`).replace(/\.$/gm, "")),
    );
    const { chunks } = await run(pages, { targetChars: 2000, maxChars: 2400 });
    chunks.forEach((c, i) => {
      expect(c.index).toBe(i);
      expect(c.pageEnd - c.page).toBeGreaterThanOrEqual(0);
      expect(c.pageEnd - c.page).toBeLessThanOrEqual(1);
      expect(c.text.length).toBeLessThanOrEqual(2400);
    });
    expect(chunks.some((c) => c.pageEnd === c.page + 1)).toBe(true);
  });

  it("lets an unfinished paragraph run onto the next page, joined by a newline", async () => {
    const pages = [
      page(1, "The installer copies the files and then"),
      page(2, "asks for the licence key. Then it restarts."),
    ];
    const { chunks } = await run(pages);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({
      page: 1,
      pageEnd: 2,
      charStart: 0,
      charEnd: pages[1]?.text.length,
      text: "The installer copies the files and then\nasks for the licence key. Then it restarts.",
    });
  });

  it("starts a new chunk at every heading and records the heading path by level", async () => {
    const text = [
      "6 Add-on packages",
      "Packages extend the system.",
      "6.1 Default packages",
      "Some are loaded at startup.",
      "6.2 Managing libraries",
      "Libraries are folders.",
      "7 Internationalization",
      "Locales matter.",
    ].join("\n");
    const headings: HeadingMark[] = [
      { offset: text.indexOf("6 Add-on"), level: 1, text: "6 Add-on packages" },
      { offset: text.indexOf("6.1"), level: 2, text: "6.1 Default packages" },
      { offset: text.indexOf("6.2"), level: 2, text: "6.2 Managing libraries" },
      { offset: text.indexOf("7 Inter"), level: 1, text: "7 Internationalization" },
    ];
    const { chunks } = await run([page(1, text, headings)]);
    expect(chunks.map((c) => [c.headingPath, c.text.split("\n")[0]])).toEqual([
      [["6 Add-on packages"], "6 Add-on packages"],
      [["6 Add-on packages", "6.1 Default packages"], "6.1 Default packages"],
      [["6 Add-on packages", "6.2 Managing libraries"], "6.2 Managing libraries"],
      [["7 Internationalization"], "7 Internationalization"],
    ]);
  });

  it("does not carry a paragraph across a page that starts with a heading", async () => {
    const p2 = "2 Next chapter\nIt begins here.";
    const { chunks } = await run([
      page(1, "An unfinished thought that continues"),
      page(2, p2, [{ offset: 0, level: 1, text: "2 Next chapter" }]),
    ]);
    expect(chunks.map((c) => [c.page, c.pageEnd])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it("splits a single enormous line at word boundaries instead of refusing it", async () => {
    const words = Array.from({ length: 200_000 }, (_, i) => `word${i % 97}`).join(" ");
    const { chunks } = await run([page(1, words)]);
    expect(chunks.length).toBeGreaterThan(100);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(2400);
      expect(c.text).toBe(words.slice(c.charStart, c.charEnd));
      expect(c.text).toMatch(/^word\d+( word\d+)*$/);
    }
    expect(chunks.map((c) => c.text).join(" ")).toBe(words);
  });

  it("splits an enormous line without any spaces between characters, keeping surrogate pairs whole", async () => {
    const blob = "a😀".repeat(5000);
    const { chunks } = await run([page(1, blob)], { maxChars: 1001, targetChars: 500 });
    expect(chunks.map((c) => c.text).join("")).toBe(blob);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(1001);
      expect(c.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
  });

  it("repeats the last lines of a chunk at the start of the next when overlap is asked for", async () => {
    const pages = [page(1, sentences(40, "O"))];
    const { chunks } = await run(pages, { targetChars: 400, overlapChars: 150 });
    expect(chunks.length).toBeGreaterThan(3);
    for (let i = 1; i < chunks.length; i++) {
      expect(chunks[i]?.charStart ?? 0).toBeLessThan(chunks[i - 1]?.charEnd ?? 0);
      expect(chunks[i]?.text).toBe(expectedText(chunks[i] as ChunkDraft, pages));
    }
  });

  it("yields each page's record with its label, even for a page with no text", async () => {
    const { records, chunks } = await run([
      page(1, "Intro text.", [], "i"),
      page(2, "   \n", [], "ii"),
      page(3, "Body.", [], "1"),
    ]);
    expect(records).toEqual([
      { page: 1, text: "Intro text.", label: "i" },
      { page: 2, text: "   \n", label: "ii" },
      { page: 3, text: "Body.", label: "1" },
    ]);
    expect(chunks.map((c) => c.page)).toEqual([1, 3]);
  });

  it("refuses a maximum size of 2,500 characters or more", async () => {
    await expect(run([page(1, "x")], { maxChars: 2500 })).rejects.toThrow(/maxChars/);
  });
});
