/**
 * The paragraphs of an OpenDocument content.xml in reading order, with what a parser needs to
 * place them: heading level, and for presentations the slide, and whether the paragraph is the
 * slide's title or its speaker notes. Deleted tracked changes and comments are left out.
 */
import { localName, xmlTokens } from "./xmlTokens";

export interface OdfParagraph {
  text: string;
  /** text:h outline level; 0 for ordinary paragraphs. */
  level: number;
  /** 1-based draw:page (slide) the paragraph is on; 0 outside slides. */
  slide: number;
  /** Inside a frame of presentation class "title". */
  title: boolean;
  /** Inside presentation:notes. */
  notes: boolean;
}

/** Elements whose text is not the document's reading text. */
const SKIP = new Set(["tracked-changes", "annotation", "annotation-end", "deleted"]);

export function odfParagraphs(xml: string): OdfParagraph[] {
  const out: OdfParagraph[] = [];
  let slide = 0;
  let skip = 0;
  let notes = 0;
  /** Depth of title frames we are inside (frames nest rarely, but do). */
  const frames: boolean[] = [];
  let para: OdfParagraph | null = null;
  let paraDepth = 0;
  for (const t of xmlTokens(xml)) {
    if (t.kind === "text") {
      if (para !== null && skip === 0) para.text += t.text;
      continue;
    }
    const name = localName(t.name);
    if (t.kind === "open") {
      if (SKIP.has(name)) {
        if (!t.selfClosing) skip++;
        continue;
      }
      if (name === "page" && t.name.startsWith("draw:")) slide++;
      else if (name === "notes" && !t.selfClosing) notes++;
      else if (name === "frame" && !t.selfClosing)
        frames.push(t.attrs["presentation:class"] === "title");
      else if ((name === "p" || name === "h") && t.name.startsWith("text:")) {
        if (para === null) {
          para = {
            text: "",
            level: name === "h" ? Number(t.attrs["text:outline-level"] ?? 1) || 1 : 0,
            slide,
            title: frames.includes(true),
            notes: notes > 0,
          };
          paraDepth = 0;
          if (t.selfClosing) {
            para = null;
            continue;
          }
        }
        paraDepth++;
      } else if (para !== null && skip === 0) {
        if (name === "s")
          para.text += " ".repeat(Math.min(Number(t.attrs["text:c"] ?? 1) || 1, 100));
        else if (name === "tab") para.text += "\t";
        else if (name === "line-break") para.text += "\n";
      }
      continue;
    }
    if (SKIP.has(name)) skip = Math.max(0, skip - 1);
    else if (name === "notes") notes = Math.max(0, notes - 1);
    else if (name === "frame") frames.pop();
    else if ((name === "p" || name === "h") && t.name.startsWith("text:") && para !== null) {
      paraDepth--;
      if (paraDepth === 0) {
        para.text = para.text.replace(/[ \t]+/g, " ").trim();
        if (para.text !== "") out.push(para);
        para = null;
      } else para.text += "\n";
    }
  }
  return out;
}
