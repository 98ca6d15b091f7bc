import { describe, expect, it } from "vitest";
import {
  detectHeadings,
  findHeadingOffset,
  headingLevel,
} from "../../../electron/engine/ingest/detectHeadings";
import { markdownHeadings } from "../../../electron/engine/ingest/markdownHeadings";

describe("finding headings in text", () => {
  it("reads the level of numbered headings from their number", () => {
    expect(headingLevel("6 Add-on packages")).toBe(1);
    expect(headingLevel("6.1 Default packages")).toBe(2);
    expect(headingLevel("2.3.4. Setting the locale")).toBe(3);
    expect(headingLevel("A.2 Installing on Windows")).toBe(2);
  });

  it("recognises appendix and chapter headings", () => {
    expect(headingLevel("Appendix A Sample session")).toBe(1);
    expect(headingLevel("Chapter 3: Graphics")).toBe(1);
  });

  it("ignores sentences, table-of-contents lines, running headers and numbers", () => {
    expect(
      headingLevel(
        "3 The value is then returned to the caller, which may use it again later on as needed.",
      ),
    ).toBeNull();
    expect(headingLevel("6.1 Default packages . . . . . . . . . 27")).toBeNull();
    expect(headingLevel("Chapter 6: Add-on packages 27")).toBeNull();
    expect(headingLevel("1 2 3 4")).toBeNull();
    expect(headingLevel("2 This ends with a period.")).toBeNull();
    expect(headingLevel("Some Title Case Line")).toBeNull();
  });

  it("treats standalone short Title Case lines as headings only when asked", () => {
    const text = "Preface\n\nSome Useful Notes\n\nThe body text follows here, in sentences.\n";
    expect(detectHeadings(text).map((h) => h.text)).toEqual([]);
    expect(detectHeadings(text, { titleCase: true }).map((h) => h.text)).toEqual([
      "Preface",
      "Some Useful Notes",
    ]);
  });

  it("gives heading offsets that point at the heading text", () => {
    const text = "intro line\n  6.2 Managing libraries\nbody";
    const [h] = detectHeadings(text);
    expect(h).toEqual({ offset: text.indexOf("6.2"), level: 2, text: "6.2 Managing libraries" });
  });

  it("finds a bookmark title in page text despite different spacing and case", () => {
    const text = "Chapter 2: Installing\n2.1  Simple   compilation\nbody";
    expect(findHeadingOffset(text, "2.1 Simple compilation")).toBe(text.indexOf("2.1"));
    expect(findHeadingOffset(text, "2.1 SIMPLE COMPILATION")).toBe(text.indexOf("2.1"));
    expect(findHeadingOffset(text, "Not on this page")).toBe(-1);
  });

  it("reads Markdown ATX and setext headings but not # lines in code fences", () => {
    const md = "Title\n=====\n\n## Usage ##\n\n```\n# comment\n```\n\nOptions\n-------\n";
    expect(
      markdownHeadings(md).map((h) => [
        h.level,
        h.text,
        md.slice(h.offset, h.offset + h.text.length),
      ]),
    ).toEqual([
      [1, "Title", "Title"],
      [2, "Usage", "Usage"],
      [2, "Options", "Options"],
    ]);
  });
});
