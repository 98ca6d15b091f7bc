import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunkPages } from "../../../electron/engine/ingest/chunkPages";
import { parseDocument } from "../../../electron/engine/ingest/parseDocument";
import { makeDocx } from "../../fixtures/documents/makeDocx";
import { makePdf } from "../../fixtures/documents/makePdf";
import {
  encodeUtf16,
  encodeUtf8,
  encodeWindows1252,
  makeHtml,
  makeMarkdown,
} from "../../fixtures/documents/makeTextFiles";
import { allPages, tempDir } from "./helpers";

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  tmp = await tempDir();
});
afterAll(async () => {
  await tmp.remove();
});

describe("parsing Word, HTML, Markdown and text", () => {
  it("reads a Word document as one page with its Heading 1/2 styles as headings and its core title", async () => {
    const path = await tmp.write(
      "guide.docx",
      await makeDocx({
        title: "Field Guide",
        paragraphs: [
          { text: "Safety", style: "Heading1" },
          { text: "Always wear gloves." },
          { text: "Chemicals", style: "Heading2" },
          { text: "Store acids low." },
        ],
      }),
    );
    const doc = await parseDocument(path);
    expect(doc).toMatchObject({ format: "docx", title: "Field Guide", pageCount: 1 });
    const [page] = await allPages(doc);
    expect(page?.page).toBe(1);
    expect(page?.text).toContain("Always wear gloves.");
    expect(
      page?.headings.map((h) => [
        h.level,
        h.text,
        page.text.slice(h.offset, h.offset + h.text.length),
      ]),
    ).toEqual([
      [1, "Safety", "Safety"],
      [2, "Chemicals", "Chemicals"],
    ]);
  });

  it("recognises a Word document by its content even when it is named .bin", async () => {
    const path = await tmp.write(
      "renamed.bin",
      await makeDocx({ paragraphs: [{ text: "Overview", style: "Heading1" }, { text: "Body." }] }),
    );
    const doc = await parseDocument(path);
    expect(doc.format).toBe("docx");
    expect(doc.title).toBe("Overview");
  });

  it("reads a PDF by its content even when it is named .txt", async () => {
    const path = await tmp.write(
      "actually-a-pdf.txt",
      await makePdf({ pages: [{ lines: ["hello from a pdf"] }] }),
    );
    const doc = await parseDocument(path);
    expect(doc.format).toBe("pdf");
    expect((await allPages(doc))[0]?.text).toContain("hello from a pdf");
  });

  it("reads HTML without scripts, styles or navigation, with h1–h6 headings and the <title>", async () => {
    const path = await tmp.write(
      "page.html",
      makeHtml({
        title: "Intranet Help",
        sections: [
          { heading: "Printing", level: 1, paragraphs: ["Choose a printer &amp; press Print."] },
          { heading: "Duplex", level: 2, paragraphs: ["Both sides."] },
        ],
      }),
    );
    const doc = await parseDocument(path);
    expect(doc).toMatchObject({ format: "html", title: "Intranet Help" });
    const [page] = await allPages(doc);
    expect(page?.text).toContain("Choose a printer & press Print.");
    expect(page?.text).not.toMatch(/SCRIPT-SHOULD|NAV-SHOULD|font-family/);
    expect(
      page?.headings.map((h) => [
        h.level,
        h.text,
        page.text.slice(h.offset, h.offset + h.text.length),
      ]),
    ).toEqual([
      [1, "Printing", "Printing"],
      [2, "Duplex", "Duplex"],
    ]);
  });

  it("reads Markdown with ATX and setext headings, ignoring # lines inside code fences", async () => {
    const path = await tmp.write("README.md", makeMarkdown());
    const doc = await parseDocument(path);
    expect(doc).toMatchObject({ format: "markdown", title: "Installing the Tool" });
    const [page] = await allPages(doc);
    expect(page?.headings.map((h) => [h.level, h.text])).toEqual([
      [1, "Installing the Tool"],
      [2, "Requirements"],
      [2, "Configuration"],
    ]);
    for (const h of page?.headings ?? [])
      expect(page?.text.slice(h.offset, h.offset + h.text.length)).toBe(h.text);
  });

  it("decodes legacy and Unicode text encodings instead of refusing them", async () => {
    const text = "Café crème – naïve façade “quoted” €5";
    const cases: [string, Uint8Array][] = [
      ["utf8.txt", encodeUtf8(text)],
      ["utf8bom.txt", encodeUtf8(text, true)],
      ["utf16le.txt", encodeUtf16(text, "le")],
      ["utf16be.txt", encodeUtf16(text, "be")],
      ["cp1252.txt", encodeWindows1252(text)],
    ];
    for (const [name, bytes] of cases) {
      const [page] = await allPages(await parseDocument(await tmp.write(name, bytes)));
      expect(page?.text, name).toBe(text);
    }
  });

  it("titles a text file by its first heading, else by its file name", async () => {
    const withHeading = await tmp.write(
      "notes.txt",
      "1 Introduction\n\nThis is the body of the notes.\n",
    );
    expect((await parseDocument(withHeading)).title).toBe("1 Introduction");
    const without = await tmp.write(
      "meeting-notes.txt",
      "we met and talked about the budget for a while.\n",
    );
    expect((await parseDocument(without)).title).toBe("meeting-notes");
  });

  it("imports a 5 MB text file with no line break as many passages under the size limit", async () => {
    const words = Array.from({ length: 1_000_000 }, (_, i) => `w${i % 1000}`).join(" ");
    const path = await tmp.write("one-line.txt", words);
    const doc = await parseDocument(path);
    let chunks = 0;
    let longest = 0;
    let joined = "";
    for await (const batch of chunkPages(doc.pages)) {
      for (const c of batch.chunks) {
        chunks++;
        longest = Math.max(longest, c.text.length);
        joined += (joined === "" ? "" : " ") + c.text;
      }
    }
    expect(words.length).toBeGreaterThan(4_000_000);
    expect(chunks).toBeGreaterThan(1500);
    expect(longest).toBeLessThan(2500);
    expect(joined).toBe(words);
  });
});
