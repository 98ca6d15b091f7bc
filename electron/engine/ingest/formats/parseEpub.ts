/**
 * EPUB e-books: the chapters (spine items) in reading order, each one page whose first heading is
 * the chapter's title from the table of contents (EPUB 3 nav, else EPUB 2 NCX, else the
 * chapter's own first heading or <title>). Chapter XHTML goes through the HTML rule.
 */
import { posix } from "node:path";
import { htmlToPage } from "../htmlToPage";
import type { BoundedZipReader } from "../readZip";
import type { HeadingMark, ParsedPage } from "../types";
import { part, requiredPart } from "./officeZip";
import type { ParsedFormat } from "./types";
import { firstElementText, localName, xmlTokens } from "./xmlTokens";

/** Font obfuscation (IDPF, Adobe) is not DRM: the text stays readable. */
const FONT_OBFUSCATION = ["http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"];

/** An e-book under DRM: encryption.xml lists content encrypted with anything but font obfuscation. */
export function epubEncrypted(zip: BoundedZipReader): boolean {
  for (const algorithm of attributeOf(
    part(zip, "META-INF/encryption.xml"),
    "EncryptionMethod",
    "Algorithm",
  ))
    if (!FONT_OBFUSCATION.includes(algorithm)) return true;
  return false;
}

function attributeOf(xml: string, element: string, attr: string): string[] {
  const out: string[] = [];
  for (const t of xmlTokens(xml))
    if (t.kind === "open" && localName(t.name) === element && t.attrs[attr] !== undefined)
      out.push(t.attrs[attr]);
  return out;
}

const resolve = (base: string, href: string): string =>
  posix.normalize(posix.join(posix.dirname(base), decodeURIComponent(href.split("#")[0] ?? "")));

/** Chapter titles by part name, from the EPUB 3 navigation document's toc or the EPUB 2 NCX. */
function tocTitles(
  zip: BoundedZipReader,
  navPart: string | null,
  ncxPart: string | null,
): Map<string, string> {
  const titles = new Map<string, string>();
  const add = (href: string, base: string, title: string): void => {
    const key = resolve(base, href);
    const clean = title.replace(/\s+/g, " ").trim();
    if (clean !== "" && !titles.has(key)) titles.set(key, clean);
  };
  if (navPart !== null) {
    let inToc = 0;
    let link: { href: string; text: string } | null = null;
    for (const t of xmlTokens(part(zip, navPart))) {
      if (t.kind === "text") {
        if (link !== null) link.text += t.text;
        continue;
      }
      const name = localName(t.name);
      if (name === "nav" && t.kind === "open" && !t.selfClosing)
        inToc += inToc > 0 || (t.attrs["epub:type"] ?? "").includes("toc") ? 1 : 0;
      else if (name === "nav" && t.kind === "close" && inToc > 0) inToc--;
      else if (name === "a" && t.kind === "open" && inToc > 0 && t.attrs.href !== undefined)
        link = { href: t.attrs.href, text: "" };
      else if (name === "a" && t.kind === "close" && link !== null) {
        add(link.href, navPart, link.text);
        link = null;
      }
    }
  }
  if (titles.size === 0 && ncxPart !== null) {
    let label = "";
    let inText = false;
    for (const t of xmlTokens(part(zip, ncxPart))) {
      if (t.kind === "text") {
        if (inText) label += t.text;
        continue;
      }
      const name = localName(t.name);
      if (name === "navLabel" && t.kind === "open") label = "";
      else if (name === "text") inText = t.kind === "open" && !t.selfClosing;
      else if (name === "content" && t.kind === "open" && t.attrs.src !== undefined)
        add(t.attrs.src, ncxPart, label);
    }
  }
  return titles;
}

export function parseEpub(zip: BoundedZipReader): ParsedFormat {
  const container = requiredPart(zip, "META-INF/container.xml");
  const opfPart = attributeOf(container, "rootfile", "full-path")[0];
  if (opfPart === undefined) throw new Error("META-INF/container.xml names no package document");
  const opf = requiredPart(zip, opfPart);
  const manifest = new Map<string, { href: string; type: string; properties: string }>();
  const spine: string[] = [];
  let ncxId: string | null = null;
  for (const t of xmlTokens(opf)) {
    if (t.kind !== "open") continue;
    const name = localName(t.name);
    if (name === "item" && t.attrs.id !== undefined && t.attrs.href !== undefined)
      manifest.set(t.attrs.id, {
        href: resolve(opfPart, t.attrs.href),
        type: t.attrs["media-type"] ?? "",
        properties: t.attrs.properties ?? "",
      });
    else if (name === "spine") ncxId = t.attrs.toc ?? null;
    else if (name === "itemref" && t.attrs.idref !== undefined) spine.push(t.attrs.idref);
  }
  const nav = [...manifest.values()].find((m) => m.properties.split(/\s+/).includes("nav"));
  const ncx = ncxId === null ? undefined : manifest.get(ncxId);
  const titles = tocTitles(zip, nav?.href ?? null, ncx?.href ?? null);
  const pages: ParsedPage[] = [];
  for (const idref of spine) {
    const item = manifest.get(idref);
    if (item === undefined || !/html/.test(item.type) || item.href === nav?.href) continue;
    const html = htmlToPage(requiredPart(zip, item.href));
    if (!/\S/.test(html.text)) continue;
    const title = titles.get(item.href) ?? html.headings[0]?.text ?? html.title;
    const own = html.headings.filter((h) => !(h.offset === 0 && h.text === title));
    const headings: HeadingMark[] = [
      ...(title === "" ? [] : [{ offset: 0, level: 1, text: title }]),
      ...own.map((h) => ({ ...h, level: Math.min(h.level + 1, 6) })),
    ];
    pages.push({ page: pages.length + 1, text: html.text, label: null, headings });
  }
  return {
    format: "epub",
    title: firstElementText(opf, "title"),
    pages,
    attachments: [],
    notes: [],
  };
}
