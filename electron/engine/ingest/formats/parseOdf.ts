/**
 * OpenDocument text (.odt) and presentations (.odp): content.xml's paragraphs, with text:h
 * outline levels as headings (.odt) or one page per slide with its speaker notes (.odp).
 */
import type { BoundedZipReader } from "../readZip";
import type { HeadingMark, ParsedPage } from "../types";
import { odfParagraphs } from "./odfParagraphs";
import { part, requiredPart } from "./officeZip";
import { slidePage } from "./slidePage";
import type { ParsedFormat } from "./types";
import { firstElementText } from "./xmlTokens";

export function parseOdt(zip: BoundedZipReader): ParsedFormat {
  const paras = odfParagraphs(requiredPart(zip, "content.xml"));
  const headings: HeadingMark[] = [];
  let text = "";
  for (const p of paras) {
    if (text !== "") text += "\n";
    if (p.level > 0) headings.push({ offset: text.length, level: p.level, text: p.text });
    text += p.text;
  }
  const title = firstElementText(part(zip, "meta.xml"), "title");
  const page: ParsedPage = { page: 1, text, label: null, headings };
  return { format: "odt", title, pages: [page], attachments: [], notes: [] };
}

export function parseOdp(zip: BoundedZipReader): ParsedFormat {
  const paras = odfParagraphs(requiredPart(zip, "content.xml"));
  const slides = Math.max(0, ...paras.map((p) => p.slide));
  const pages: ParsedPage[] = [];
  for (let n = 1; n <= slides; n++) {
    const on = paras.filter((p) => p.slide === n);
    pages.push(
      slidePage(n, {
        title: on.filter((p) => p.title && !p.notes).map((p) => p.text),
        body: on.filter((p) => !p.title && !p.notes).map((p) => p.text),
        notes: on.filter((p) => p.notes).map((p) => p.text),
      }),
    );
  }
  const title = firstElementText(part(zip, "meta.xml"), "title");
  return { format: "odp", title, pages, attachments: [], notes: [] };
}
