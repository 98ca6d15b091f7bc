/**
 * PowerPoint presentations (.pptx): slides in presentation order, each one page with its title,
 * its other text (shapes, tables) and its speaker notes (see slidePage).
 */
import type { BoundedZipReader } from "../readZip";
import { part, relationships, requiredPart } from "./officeZip";
import { slidePage, type SlideText } from "./slidePage";
import type { ParsedFormat } from "./types";
import { firstElementText, localName, xmlTokens } from "./xmlTokens";

/** Placeholders on a notes page that are not the notes (slide image, number, header, footer, date). */
const NOT_NOTES = new Set(["sldImg", "sldNum", "hdr", "ftr", "dt"]);

interface Shape {
  placeholder: string | null;
  paragraphs: string[];
}

/** The text of each shape (p:sp, and table cells in graphic frames) in document order. */
function shapes(xml: string): Shape[] {
  const out: Shape[] = [];
  let shape: Shape | null = null;
  let para: string | null = null;
  let inText = false;
  for (const t of xmlTokens(xml)) {
    if (t.kind === "text") {
      if (inText && para !== null) para += t.text;
      continue;
    }
    const name = localName(t.name);
    if (t.kind === "open") {
      if ((name === "sp" || name === "graphicFrame") && !t.selfClosing) {
        shape = { placeholder: null, paragraphs: [] };
        out.push(shape);
      } else if (name === "ph" && shape !== null) shape.placeholder = t.attrs.type ?? "body";
      else if (name === "p" && t.name.startsWith("a:") && !t.selfClosing) para = "";
      else if (name === "t" && t.name.startsWith("a:")) inText = !t.selfClosing;
      else if (name === "br" && para !== null) para += "\n";
      else if (name === "tab" && para !== null) para += "\t";
      continue;
    }
    if (name === "t") inText = false;
    else if (name === "p" && t.name.startsWith("a:") && para !== null) {
      const text = para.replace(/[ \t]+/g, " ").trim();
      if (text !== "" && shape !== null) shape.paragraphs.push(text);
      para = null;
    } else if (name === "sp" || name === "graphicFrame") shape = null;
  }
  return out;
}

function slideText(zip: BoundedZipReader, slidePart: string): SlideText {
  const all = shapes(requiredPart(zip, slidePart));
  const isTitle = (s: Shape): boolean => s.placeholder === "title" || s.placeholder === "ctrTitle";
  const notesPart = [...relationships(zip, slidePart).values()].find((r) =>
    r.type.endsWith("/notesSlide"),
  )?.target;
  const notes =
    notesPart === undefined
      ? []
      : shapes(part(zip, notesPart))
          .filter((s) => !NOT_NOTES.has(s.placeholder ?? ""))
          .flatMap((s) => s.paragraphs);
  return {
    title: all.filter(isTitle).flatMap((s) => s.paragraphs),
    body: all.filter((s) => !isTitle(s)).flatMap((s) => s.paragraphs),
    notes,
  };
}

export function parsePptx(zip: BoundedZipReader): ParsedFormat {
  const presentation = requiredPart(zip, "ppt/presentation.xml");
  const rels = relationships(zip, "ppt/presentation.xml");
  const slideParts: string[] = [];
  for (const t of xmlTokens(presentation)) {
    if (t.kind !== "open" || localName(t.name) !== "sldId") continue;
    const id = t.attrs["r:id"] ?? Object.entries(t.attrs).find(([k]) => k.endsWith(":id"))?.[1];
    const target = id === undefined ? undefined : rels.get(id)?.target;
    if (target !== undefined) slideParts.push(target);
  }
  const pages = slideParts.map((p, i) => slidePage(i + 1, slideText(zip, p)));
  const title = firstElementText(part(zip, "docProps/core.xml"), "title");
  return { format: "pptx", title, pages, attachments: [], notes: [] };
}
