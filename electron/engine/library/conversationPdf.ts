/**
 * A conversation as a printable PDF report, the kind legal staff attach to a file: each question
 * and answer, and for every cited source the document's file name, its SHA-256 (the document id),
 * the page with its printed label, and the quoted passage. Standard fonts only (nothing embedded),
 * lines wrapped to the page width, pages numbered.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import type { Citation, Conversation } from "../../../shared/types";

/** A4 in points, with 2 cm margins. */
const PAGE = { width: 595.28, height: 841.89, margin: 56.7 };
const QUOTE_CHARS = 3000;
const GREY = rgb(0.35, 0.35, 0.35);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
  mono: PDFFont;
}

interface LineStyle {
  font: keyof Fonts;
  size: number;
  indent?: number;
  grey?: boolean;
  /** Space before the paragraph, in points. Default: 0. */
  before?: number;
}

/**
 * The standard fonts encode WinAnsi only: accented Latin letters keep their base letter, typographic
 * marks their ASCII look-alike, and anything else becomes "?" rather than failing the export.
 */
const characterSets = new WeakMap<PDFFont, ReadonlySet<number>>();

function encodable(text: string, font: PDFFont): string {
  let supported = characterSets.get(font);
  if (supported === undefined)
    characterSets.set(font, (supported = new Set(font.getCharacterSet())));
  const replacements: Record<string, string> = { "\u2212": "-", "\u2010": "-", "\u00a0": " " };
  let out = "";
  for (const c of text.replace(/\t/g, "    ")) {
    const code = c.codePointAt(0) ?? 63;
    if (supported.has(code)) out += c;
    else if (replacements[c] !== undefined) out += replacements[c];
    else {
      const base = c.normalize("NFKD").replace(/\p{M}/gu, "");
      const known = [...base].every((b) => supported.has(b.codePointAt(0) ?? 0));
      out += base !== "" && known ? base : "?";
    }
  }
  return out;
}

/** Splits text into lines no wider than `width`, breaking words only when one is wider itself. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = "";
    for (const word of paragraph.split(/ +/).filter((w) => w !== "")) {
      const candidate = line === "" ? word : `${line} ${word}`;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line !== "") lines.push(line);
      let rest = word;
      while (!fits(rest)) {
        let cut = rest.length - 1;
        while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** Lays out lines top to bottom, starting a new page when one is full. */
class Writer {
  #page: PDFPage;
  #y: number;
  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.#page = this.#addPage();
    this.#y = PAGE.height - PAGE.margin;
  }

  #addPage(): PDFPage {
    this.#page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.#y = PAGE.height - PAGE.margin;
    return this.#page;
  }

  paragraph(text: string, style: LineStyle): void {
    const font = this.fonts[style.font];
    const indent = style.indent ?? 0;
    const leading = style.size * 1.35;
    const width = PAGE.width - 2 * PAGE.margin - indent;
    this.#y -= style.before ?? 0;
    for (const line of wrapText(encodable(text, font), font, style.size, width)) {
      if (this.#y - leading < PAGE.margin) this.#addPage();
      this.#y -= leading;
      this.#page.drawText(line, {
        x: PAGE.margin + indent,
        y: this.#y,
        size: style.size,
        font,
        color: style.grey === true ? GREY : rgb(0, 0, 0),
      });
    }
  }

  /** "Page n of m" and the report's subject at the foot of every page. */
  footers(subject: string): void {
    const pages = this.doc.getPages();
    const font = this.fonts.regular;
    pages.forEach((page, i) => {
      const text = encodable(`${subject} - page ${i + 1} of ${pages.length}`, font);
      page.drawText(text, { x: PAGE.margin, y: PAGE.margin / 2, size: 8, font, color: GREY });
    });
  }
}

function pagesOf(c: Citation): string {
  const pages = c.pageEnd !== c.page ? `${c.page}-${c.pageEnd}` : String(c.page);
  const printed =
    c.pageLabel !== null && c.pageLabel !== "" && c.pageLabel !== String(c.page)
      ? ` (printed page label "${c.pageLabel}")`
      : "";
  return `${c.pageEnd !== c.page ? "Pages" : "Page"} ${pages}${printed}`;
}

function quoted(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > QUOTE_CHARS ? `${flat.slice(0, QUOTE_CHARS).trimEnd()} ...` : flat;
}

function writeSource(w: Writer, c: Citation): void {
  w.paragraph(`[${c.n}] ${c.file}`, { font: "bold", size: 10, before: 8 });
  const meta = { font: "regular", size: 9, indent: 14 } as const;
  if (c.title !== "" && c.title !== c.file) w.paragraph(`Title: ${c.title}`, meta);
  w.paragraph("Document SHA-256:", meta);
  w.paragraph(c.documentId, { font: "mono", size: 8.5, indent: 14 });
  w.paragraph(pagesOf(c), meta);
  if (c.heading !== "") w.paragraph(`Section: ${c.heading}`, meta);
  w.paragraph("Quoted passage:", { ...meta, before: 2 });
  w.paragraph(`"${quoted(c.text)}"`, { font: "italic", size: 9, indent: 24 });
  if (c.span !== "" && c.span.trim() !== c.text.trim())
    w.paragraph(`Supporting words: "${quoted(c.span)}"`, { ...meta, grey: true });
}

export async function conversationPdf(
  conversation: Conversation,
  options: { exportedAt?: Date } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const exportedAt = (options.exportedAt ?? new Date()).toISOString();
  doc.setTitle(conversation.title);
  doc.setSubject(`Conversation ${conversation.id} in collection ${conversation.collection}`);
  doc.setCreator("Enclave");
  doc.setProducer("Enclave");
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    italic: await doc.embedFont(StandardFonts.HelveticaOblique),
    mono: await doc.embedFont(StandardFonts.Courier),
  };
  const w = new Writer(doc, fonts);
  w.paragraph(conversation.title, { font: "bold", size: 16 });
  const about = { font: "regular", size: 9, grey: true } as const;
  w.paragraph(`Collection: ${conversation.collection}`, { ...about, before: 4 });
  w.paragraph(`Conversation: ${conversation.id}`, about);
  w.paragraph(`Exported: ${exportedAt} from Enclave, offline`, about);

  conversation.history.forEach((turn, i) => {
    const a = turn.answer;
    w.paragraph(`Question ${i + 1}`, { font: "bold", size: 12, before: 18 });
    w.paragraph(`Asked ${turn.askedAt}`, about);
    w.paragraph(turn.question.trim(), { font: "regular", size: 10.5, before: 4 });
    if (a.standaloneQuestion !== "")
      w.paragraph(`Understood as: ${a.standaloneQuestion}`, { font: "italic", size: 9.5 });
    const how = a.mode === "generative" ? `written by ${a.model ?? "the chat model"}` : "quoted";
    w.paragraph(`Answer (${how})`, { font: "bold", size: 11, before: 10 });
    w.paragraph(a.answer.trim(), { font: "regular", size: 10.5, before: 2 });
    if (a.notice !== "") w.paragraph(a.notice, { font: "italic", size: 9.5, before: 4 });
    if (a.citations.length === 0) return;
    w.paragraph("Sources cited", { font: "bold", size: 11, before: 10 });
    for (const c of a.citations) writeSource(w, c);
  });
  w.footers(conversation.title);
  return doc.save();
}
