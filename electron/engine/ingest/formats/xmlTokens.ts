/**
 * A small pull tokenizer for the XML inside office files (OOXML, OpenDocument, EPUB packages).
 * It reads only what text extraction needs: element starts and ends with their attributes, and
 * text. Entities are the five predefined ones and numeric references; a DOCTYPE's own entities
 * are never expanded, so an "XML bomb" stays the size it is on disk.
 */

export type XmlToken =
  | { kind: "open"; name: string; attrs: Record<string, string>; selfClosing: boolean }
  | { kind: "close"; name: string }
  | { kind: "text"; text: string };

const TOKEN =
  /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>|<\/([^\s>]+)\s*>|<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|</g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Decodes the predefined entities and character references of XML text or an attribute value. */
export function decodeXml(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (whole, e: string) => {
    switch (e) {
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "amp":
        return "&";
      case "quot":
        return '"';
      case "apos":
        return "'";
    }
    const code = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff
      ? String.fromCodePoint(code)
      : whole;
  });
}

function attributes(raw: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  if (raw === "") return attrs;
  for (const m of raw.matchAll(ATTR)) attrs[m[1] as string] = decodeXml(m[2] ?? m[3] ?? "");
  return attrs;
}

/** The document's tokens in order; comments, processing instructions and the DOCTYPE are skipped. */
export function* xmlTokens(xml: string): Generator<XmlToken> {
  for (const m of xml.matchAll(TOKEN)) {
    if (m[1] !== undefined) yield { kind: "text", text: m[1] };
    else if (m[2] !== undefined) yield { kind: "close", name: m[2] };
    else if (m[3] !== undefined)
      yield {
        kind: "open",
        name: m[3],
        attrs: attributes(m[4] ?? ""),
        selfClosing: m[5] === "/",
      };
    else if (m[6] !== undefined) yield { kind: "text", text: decodeXml(m[6]) };
  }
}

/** The local part of a qualified name ("a:t" → "t"). */
export function localName(name: string): string {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
}

/** Every value of attribute `attr` on elements named `element` (qualified names compared locally). */
export function attributeValues(xml: string, element: string, attr: string): string[] {
  const out: string[] = [];
  for (const t of xmlTokens(xml))
    if (t.kind === "open" && localName(t.name) === element) {
      const v = t.attrs[attr];
      if (v !== undefined) out.push(v);
    }
  return out;
}

/** The text inside the first element named `element` (local name), or "" when there is none. */
export function firstElementText(xml: string, element: string): string {
  let depth = 0;
  let text = "";
  for (const t of xmlTokens(xml)) {
    if (t.kind === "open" && localName(t.name) === element && !t.selfClosing) depth++;
    else if (t.kind === "close" && localName(t.name) === element && depth > 0) {
      depth--;
      if (depth === 0) return text.replace(/\s+/g, " ").trim();
    } else if (t.kind === "text" && depth > 0) text += t.text;
  }
  return text.replace(/\s+/g, " ").trim();
}
