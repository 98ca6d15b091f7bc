import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import {
  GuideCharacterError,
  parseGuideMarkdown,
  renderGuidePdf,
} from "../../../electron/engine/library/guidePdf";
import { GUIDE_SOURCE_FILE } from "../../../electron/engine/library/sampleGuide";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const shippedGuide = () =>
  readFile(path.join(repo, "resources", "guide", GUIDE_SOURCE_FILE), "utf8");

describe("the user guide as a PDF", () => {
  it("reads headings, joins wrapped lines and drops inline Markdown markers", () => {
    const blocks = parseGuideMarkdown(
      "# Title\n\nFirst line\nsecond `code` line.\n\n## 1 Section\n\n- a **bold** point\n  that wraps\n- another\n\n### 1.1 Sub\nText.",
    );
    expect(blocks).toEqual([
      { kind: "title", text: "Title" },
      { kind: "paragraph", text: "First line second code line." },
      { kind: "section", text: "1 Section" },
      { kind: "bullet", text: "a bold point that wraps" },
      { kind: "bullet", text: "another" },
      { kind: "subsection", text: "1.1 Sub" },
      { kind: "paragraph", text: "Text." },
    ]);
  });

  it("gives the shipped guide a title page and one page per section, the same bytes every time", async () => {
    const markdown = await shippedGuide();
    const sections = parseGuideMarkdown(markdown).filter((b) => b.kind === "section").length;
    expect(sections).toBeGreaterThanOrEqual(6);
    const first = await renderGuidePdf(markdown, "Enclave user guide");
    const second = await renderGuidePdf(markdown, "Enclave user guide");
    // Same bytes, so importing the guide again is recognised as the same document.
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    const pdf = await PDFDocument.load(first, { updateMetadata: false });
    expect(pdf.getPageCount()).toBe(sections + 1);
    expect(pdf.getTitle()).toBe("Enclave user guide");
    // No dates in the file (two renders a second apart would otherwise differ).
    expect(pdf.getCreationDate()).toBeUndefined();
    expect(pdf.getModificationDate()).toBeUndefined();
  });

  it("runs a long section onto the next page instead of off the bottom", async () => {
    const long = Array.from({ length: 120 }, (_, i) => `Paragraph ${i} of a long section.`);
    const pdf = await PDFDocument.load(
      await renderGuidePdf(`# T\n\n## 1 Long\n\n${long.join("\n\n")}`, "T"),
    );
    expect(pdf.getPageCount()).toBeGreaterThan(2);
  });

  it("refuses a character the standard fonts cannot draw, naming it", async () => {
    await expect(renderGuidePdf("# T\n\n## 1 Maths\n\nx ≤ 3", "T")).rejects.toThrow(
      GuideCharacterError,
    );
    await expect(renderGuidePdf("# T\n\n## 1 Maths\n\nx ≤ 3", "T")).rejects.toThrow(/U\+2264/);
  });
});
