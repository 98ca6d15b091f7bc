import { HTMLElement, NodeType, parse, type Node } from "node-html-parser";
import type { HeadingMark } from "./types";

export interface HtmlPage {
  /** The <title>, "" when none. */
  title: string;
  text: string;
  headings: HeadingMark[];
}

/** Elements whose content is never document text (code, navigation chrome, embedded objects). */
const DROPPED = new Set([
  "script",
  "style",
  "nav",
  "noscript",
  "template",
  "svg",
  "head",
  "iframe",
  "object",
  "canvas",
  "select",
  "button",
  "math",
]);
const BLOCK = new Set([
  "p",
  "div",
  "section",
  "article",
  "header",
  "footer",
  "main",
  "aside",
  "ul",
  "ol",
  "li",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "pre",
  "blockquote",
  "dl",
  "dt",
  "dd",
  "figure",
  "figcaption",
  "hr",
  "form",
  "fieldset",
  "address",
  "details",
  "summary",
  "caption",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "body",
  "html",
]);
/** Blocks after which a blank line marks a paragraph end for the chunker. */
const PARAGRAPH = new Set([
  "p",
  "pre",
  "blockquote",
  "table",
  "ul",
  "ol",
  "dl",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "figure",
]);

class TextBuilder {
  private parts: string[] = [];
  length = 0;
  /** The last character written, to collapse whitespace across elements. */
  private last = "\n";
  private newlines = 2;

  inline(raw: string): void {
    const s = raw.replace(/\s+/g, " ");
    if (s === "" || s === " ") {
      if (s === " " && this.last !== " " && this.last !== "\n") this.put(" ");
      return;
    }
    this.put(this.last === "\n" || this.last === " " ? s.replace(/^ /, "") : s);
  }

  verbatim(s: string): void {
    if (s !== "") this.put(s);
  }

  /** Ends the current line (count 1) or paragraph (count 2). */
  breakLine(count: 1 | 2): void {
    if (this.length === 0) return;
    while (this.newlines < count) this.put("\n");
  }

  private put(s: string): void {
    this.parts.push(s);
    this.length += s.length;
    this.last = s[s.length - 1] ?? this.last;
    const trailing = /\n*$/.exec(s)?.[0].length ?? 0;
    this.newlines = trailing === s.length ? this.newlines + trailing : trailing;
  }

  toString(): string {
    return this.parts.join("").replace(/\s+$/, "");
  }
}

function walk(node: Node, out: TextBuilder, headings: HeadingMark[], inPre: boolean): void {
  if (node.nodeType === NodeType.TEXT_NODE) {
    if (inPre) out.verbatim(node.text);
    else out.inline(node.text);
    return;
  }
  if (!(node instanceof HTMLElement)) return;
  const tag = node.tagName?.toLowerCase() ?? "";
  if (DROPPED.has(tag)) return;
  if (tag === "br") {
    out.breakLine(1);
    return;
  }
  const block = BLOCK.has(tag);
  if (block) out.breakLine(PARAGRAPH.has(tag) ? 2 : 1);
  const h = /^h([1-6])$/.exec(tag);
  if (h !== null) {
    const text = node.text.replace(/\s+/g, " ").trim();
    if (text !== "") headings.push({ offset: out.length, level: Number(h[1]), text });
  }
  if (tag === "td" || tag === "th") out.inline(" ");
  for (const child of node.childNodes) walk(child, out, headings, inPre || tag === "pre");
  if (block) out.breakLine(PARAGRAPH.has(tag) ? 2 : 1);
}

/** Converts an HTML document to page text with its h1–h6 headings; scripts, styles and navigation are dropped. */
export function htmlToPage(html: string): HtmlPage {
  const root = parse(html, {
    comment: false,
    blockTextElements: { script: true, style: true, noscript: true, pre: true },
  });
  const titleEl = root.querySelector("title");
  const title = titleEl === null ? "" : titleEl.text.replace(/\s+/g, " ").trim();
  const out = new TextBuilder();
  const headings: HeadingMark[] = [];
  walk(root, out, headings, false);
  const text = out.toString();
  // Headings are recorded where their block starts; the builder may have skipped leading spaces.
  for (const mark of headings) {
    while (mark.offset < text.length && /\s/.test(text[mark.offset] ?? "")) mark.offset++;
  }
  return { title, text, headings: headings.filter((m) => m.offset < text.length) };
}
