import { readFile } from "node:fs/promises";
import mammoth from "mammoth";
import { htmlToPage, type HtmlPage } from "./htmlToPage";
import { importError } from "./ImportError";
import { listZip, readZipEntry, ZipFormatError } from "./readZip";

export interface ParsedDocx {
  /** docProps/core.xml dc:title, "" when none. */
  title: string;
  page: HtmlPage;
}

function decodeXmlText(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");
}

/**
 * Reads a Word document: mammoth turns it into HTML (Heading 1–6 styles become h1–h6), which then
 * goes through the HTML rule. Returns null when the zip is not a Word document (e.g. .xlsx).
 */
export async function parseDocx(path: string): Promise<ParsedDocx | null> {
  const buffer = await readFile(path);
  let names: string[];
  try {
    names = listZip(buffer).map((e) => e.name);
  } catch (error) {
    if (error instanceof ZipFormatError) throw importError("CORRUPT", path, error.message, error);
    throw error;
  }
  if (!names.includes("word/document.xml")) return null;
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer })).value;
  } catch (error) {
    throw importError(
      "CORRUPT",
      path,
      error instanceof Error ? error.message : String(error),
      error,
    );
  }
  let title = "";
  try {
    const core = readZipEntry(buffer, "docProps/core.xml")?.toString("utf8") ?? "";
    title = decodeXmlText(/<dc:title>([^<]*)<\/dc:title>/.exec(core)?.[1] ?? "").trim();
  } catch {
    // The title is optional metadata; a damaged core.xml only costs the title.
  }
  return { title, page: htmlToPage(html) };
}
