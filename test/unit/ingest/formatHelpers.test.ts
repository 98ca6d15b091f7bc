import { describe, expect, it } from "vitest";
import { csvRows, guessDelimiter } from "../../../electron/engine/ingest/formats/parseCsv";
import { rtfToText } from "../../../electron/engine/ingest/formats/parseRtf";
import { columnName, sheetPage } from "../../../electron/engine/ingest/formats/sheetPage";
import { xmlTokens } from "../../../electron/engine/ingest/formats/xmlTokens";

describe("the office XML tokenizer", () => {
  it("reads tags, attributes (with > inside quotes), entities and CDATA, and skips comments", () => {
    const xml = `<?xml version="1.0"?><!-- note --><a:t x="1 &gt; 0" y='b>c'>A &amp; B &#233;<![CDATA[<raw>]]></a:t><br/>`;
    expect([...xmlTokens(xml)]).toEqual([
      { kind: "open", name: "a:t", attrs: { x: "1 > 0", y: "b>c" }, selfClosing: false },
      { kind: "text", text: "A & B é" },
      { kind: "text", text: "<raw>" },
      { kind: "close", name: "a:t" },
      { kind: "open", name: "br", attrs: {}, selfClosing: true },
    ]);
  });

  it("never expands a DOCTYPE's own entities (an XML bomb stays its size)", () => {
    const xml = `<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>`;
    expect([...xmlTokens(xml)].filter((t) => t.kind === "text")).toEqual([
      { kind: "text", text: "&b;" },
    ]);
  });
});

describe("CSV", () => {
  it("guesses the delimiter from the first line, ignoring quoted ones", () => {
    expect(guessDelimiter('"a;b",c,d\n1,2,3')).toBe(",");
    expect(guessDelimiter("a\tb\tc\n")).toBe("\t");
    expect(guessDelimiter("a;b;c\n")).toBe(";");
  });

  it("splits quoted fields with doubled quotes and line breaks, CRLF or LF", () => {
    expect(csvRows('a,"b ""x""",c\r\n1,"two\nlines",3\n', ",")).toEqual([
      ["a", 'b "x"', "c"],
      ["1", "two\nlines", "3"],
    ]);
  });
});

describe("sheets as pages", () => {
  it("names columns by letter when the first row is not a header", () => {
    expect(columnName(0)).toBe("A");
    expect(columnName(27)).toBe("AB");
    const page = sheetPage(
      {
        name: "S",
        rows: [
          { row: 1, cells: ["1", "2"] },
          { row: 2, cells: ["3", ""] },
        ],
      },
      1,
    );
    expect(page.text).toBe("A: 1, B: 2\nA: 3");
    expect(page.headings).toEqual([{ offset: 0, level: 1, text: "Sheet 'S', rows 1–2" }]);
  });
});

describe("RTF", () => {
  it("decodes \\'hh in the document's code page and \\u with its fallback skipped", () => {
    expect(rtfToText("{\\rtf1\\ansi\\ansicpg1251 \\'c4\\'e0 \\u8364? ok\\par}").text).toBe(
      "Да € ok",
    );
  });
});
