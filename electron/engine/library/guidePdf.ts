/**
 * Renders the user guide's Markdown as a PDF, so that its answers cite real pages: each `##`
 * section starts a page, `###` subsections follow on it. Only the Markdown the guide uses is
 * understood: `#`, `##` and `###` headings, paragraphs, `- ` bullets, and inline `code` and
 * **bold** markers (dropped; the text stays). Standard fonts, nothing embedded, no dates: the same
 * Markdown always gives the same bytes, so importing the guide twice is a no-op.
 */
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import { wrapText } from "./conversationPdf";

/** A4 in points, with 2 cm margins (as the conversation report). */
const PAGE = { width: 595.28, height: 841.89, margin: 56.7 };
const BULLET_INDENT = 14;

export interface GuideBlock {
  kind: "title" | "section" | "subsection" | "paragraph" | "bullet";
  text: string;
}

/** The guide's blocks, in order; a paragraph or bullet joins its wrapped source lines. */
export function parseGuideMarkdown(markdown: string): GuideBlock[] {
  const blocks: GuideBlock[] = [];
  let open: GuideBlock | null = null;
  for (const raw of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trim();
    const heading = /^(#{1,3})\s+(.+)$/.exec(line);
    if (line === "") open = null;
    else if (heading !== null) {
      const kinds = ["title", "section", "subsection"] as const;
      blocks.push({
        kind: kinds[(heading[1] ?? "#").length - 1] ?? "title",
        text: heading[2] ?? "",
      });
      open = null;
    } else if (line.startsWith("- ")) {
      open = { kind: "bullet", text: line.slice(2) };
      blocks.push(open);
    } else if (open !== null) open.text = `${open.text} ${line}`;
    else {
      open = { kind: "paragraph", text: line };
      blocks.push(open);
    }
  }
  return blocks.map((b) => ({ ...b, text: b.text.replace(/\*\*|`/g, "").trim() }));
}

/** The guide uses a character the standard fonts cannot draw (they encode WinAnsi only). */
export class GuideCharacterError extends Error {
  override name = "GuideCharacterError";
  constructor(character: string, text: string) {
    super(
      `The user guide uses "${character}" (U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}), which the PDF's standard fonts cannot draw, in: ${text.slice(0, 80)}`,
    );
  }
}

interface Style {
  font: PDFFont;
  size: number;
  /** Space before the block, in points. */
  before: number;
  indent: number;
}

class GuideWriter {
  #page: PDFPage | null = null;
  #y = 0;
  constructor(private readonly doc: PDFDocument) {}

  newPage(): void {
    this.#page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.#y = PAGE.height - PAGE.margin;
  }

  /** Draws wrapped text; `marker` (a bullet) hangs left of the first line. */
  block(text: string, style: Style, marker = ""): void {
    assertDrawable(text + marker, style.font);
    const leading = style.size * 1.4;
    const width = PAGE.width - 2 * PAGE.margin - style.indent;
    if (this.#page === null) this.newPage();
    this.#y -= style.before;
    wrapText(text, style.font, style.size, width).forEach((line, i) => {
      if (this.#page === null || this.#y - leading < PAGE.margin) this.newPage();
      this.#y -= leading;
      const page = this.#page as PDFPage;
      const at = { y: this.#y, size: style.size, font: style.font };
      if (i === 0 && marker !== "")
        page.drawText(marker, { ...at, x: PAGE.margin + style.indent - BULLET_INDENT + 3 });
      page.drawText(line, { ...at, x: PAGE.margin + style.indent });
    });
  }
}

const characterSets = new WeakMap<PDFFont, ReadonlySet<number>>();

function assertDrawable(text: string, font: PDFFont): void {
  let set = characterSets.get(font);
  if (set === undefined) characterSets.set(font, (set = new Set(font.getCharacterSet())));
  for (const c of text) if (!set.has(c.codePointAt(0) ?? 0)) throw new GuideCharacterError(c, text);
}

/** The guide as PDF bytes; `title` becomes the document's title (the first `#` heading stays on page 1). */
export async function renderGuidePdf(markdown: string, title: string): Promise<Uint8Array> {
  // No creation or modification date: the bytes depend on the Markdown alone.
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(title);
  doc.setCreator("Enclave");
  doc.setProducer("Enclave");
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const w = new GuideWriter(doc);
  let sections = 0;
  for (const b of parseGuideMarkdown(markdown)) {
    switch (b.kind) {
      case "title":
        w.block(b.text, { font: bold, size: 22, before: 0, indent: 0 });
        break;
      case "section":
        // A section opens a page, so a citation's page names the topic.
        w.newPage();
        sections++;
        w.block(b.text, { font: bold, size: 16, before: 0, indent: 0 });
        break;
      case "subsection":
        w.block(b.text, { font: bold, size: 12.5, before: 14, indent: 0 });
        break;
      case "paragraph":
        w.block(b.text, { font: regular, size: 10.5, before: 7, indent: 0 });
        break;
      case "bullet":
        w.block(b.text, { font: regular, size: 10.5, before: 4, indent: BULLET_INDENT }, "•");
        break;
    }
  }
  if (sections === 0) throw new Error("The user guide has no `##` sections to lay out as pages.");
  return doc.save();
}
