import { describe, expect, it } from "vitest";
import {
  annotationLines,
  appearanceText,
  appendAnnotationText,
} from "../../../electron/engine/ingest/pdfAnnotationText";

describe("the text of a PDF page's form fields and comments", () => {
  it("takes a text field's value line by line, whatever line breaks the writer used", () => {
    expect(
      annotationLines({ subtype: "Widget", fieldType: "Tx", fieldValue: "Line one\rLine two\r\n" }),
    ).toEqual(["Line one", "Line two"]);
  });

  it("falls back to what a text field shows when it holds no value", () => {
    expect(
      annotationLines({
        subtype: "Widget",
        fieldType: "Tx",
        fieldValue: "",
        textContent: ["shown"],
      }),
    ).toEqual(["shown"]);
  });

  it("shows a list box's chosen options by their display names, not their export values", () => {
    expect(
      annotationLines({
        subtype: "Widget",
        fieldType: "Ch",
        fieldValue: ["x2"],
        options: [
          { exportValue: "x1", displayValue: "Hamburg" },
          { exportValue: "x2", displayValue: "Kassel" },
        ],
      }),
    ).toEqual(["Kassel"]);
  });

  it("leaves out passwords, hidden fields, check-box states, links and popups", () => {
    const none = [
      { subtype: "Widget", fieldType: "Tx", fieldValue: "hunter2", password: true },
      { subtype: "Widget", fieldType: "Tx", fieldValue: "internal", hidden: true },
      { subtype: "Widget", fieldType: "Btn", fieldValue: "Yes" },
      { subtype: "Link", contentsObj: { str: "https://example.org" } },
      { subtype: "Popup", contentsObj: { str: "repeats its parent" } },
    ];
    expect(none.flatMap(annotationLines)).toEqual([]);
  });

  it("takes a comment's typed text, and a free-text box's drawn text when it has no other", () => {
    expect(annotationLines({ subtype: "Text", contentsObj: { str: "Check this" } })).toEqual([
      "Check this",
    ]);
    expect(
      annotationLines({ subtype: "FreeText", contentsObj: { str: "" }, textContent: ["Drawn"] }),
    ).toEqual(["Drawn"]);
  });
});

describe("appending annotation text to a page", () => {
  it("keeps the page's own text as an unchanged prefix, after which the annotation lines follow", () => {
    expect(appendAnnotationText("Body\nlast line", ["Note A", "Note B"])).toBe(
      "Body\nlast line\n\nNote A\nNote B",
    );
    expect(appendAnnotationText("Body\n", ["Note"])).toBe("Body\n\nNote");
    expect(appendAnnotationText("", ["Only a note"])).toBe("Only a note");
    expect(appendAnnotationText("Body", [])).toBe("Body");
  });
});

describe("reading annotation appearances from an operator list", () => {
  const ops = {
    beginAnnotation: 80,
    endAnnotation: 81,
    showText: 44,
    nextLine: 40,
    endText: 32,
    moveText: 41,
    setLeadingMoveText: 42,
  };

  it("joins an annotation's glyphs into its text and ignores text the page itself draws", () => {
    const glyphs = (s: string) => [...s].map((unicode) => ({ unicode }));
    const list = {
      fnArray: [44, 80, 44, 44, 32, 81, 80, 44, 41, 44, 81],
      argsArray: [
        [glyphs("page text outside")],
        null,
        [[...glyphs("Sub"), -40, ...glyphs("mit")]],
        [[...glyphs("form"), -600, ...glyphs("now")]],
        null,
        null,
        null,
        [glyphs("First")],
        [0, -14],
        [glyphs("Second")],
        null,
      ],
      lastChunk: true,
      separateAnnots: null,
    };
    expect(appearanceText(list as never, ops)).toEqual(["Submitform now", "First", "Second"]);
  });
});
