import { readFile } from "node:fs/promises";
import mammoth from "mammoth";
import { htmlToPage, type HtmlPage } from "./htmlToPage";
import { zipError } from "./formats/officeZip";
import { importError } from "./ImportError";
import { BoundedZipReader, ZipFormatError, type ZipLimits } from "./readZip";

export interface ParsedDocx {
  /** docProps/core.xml dc:title, "" when none. */
  title: string;
  page: HtmlPage;
}

export interface DocxLimits {
  /** Largest unpacked part (e.g. word/document.xml), in bytes. Default 32 MiB. */
  maxPartBytes?: number;
  /** Largest total of unpacked parts read, in bytes. Default 96 MiB. */
  maxTotalBytes?: number;
}

/**
 * The text of a 1,000-page report is a few MiB of XML. mammoth holds about 120 bytes of memory per
 * byte of XML (measured: 2 MB of paragraphs peak at 340 MB RSS), so these limits bound what one
 * file can cost rather than admit every conceivable document.
 */
const DEFAULT_LIMITS: ZipLimits = { maxEntryBytes: 32 * 2 ** 20, maxTotalBytes: 96 * 2 ** 20 };

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
 * The zip as mammoth 1.13 reads it (`unzip.openZip`'s `file` input: exists + read). Handing
 * mammoth this instead of the buffer keeps its own unzipper (jszip, which inflates without any
 * limit) away from the archive, and only the parts mammoth asks for are ever unpacked.
 */
function mammothZip(zip: BoundedZipReader): {
  exists: (name: string) => boolean;
  read: (name: string, encoding?: string) => Promise<string | Uint8Array>;
} {
  return {
    exists: (name) => zip.has(name),
    read: (name, encoding) =>
      Promise.resolve().then(() => {
        const bytes = zip.read(name);
        if (bytes === null) throw new ZipFormatError(`no zip entry ${name}`);
        if (encoding === undefined) return bytes;
        if (encoding === "base64") return bytes.toString("base64");
        return new TextDecoder(encoding).decode(bytes);
      }),
  };
}

/**
 * Reads a Word document: mammoth turns it into HTML (Heading 1–6 styles become h1–h6), which then
 * goes through the HTML rule. Returns null when the zip is not a Word document (e.g. .xlsx).
 * Throws ImportError TOO_LARGE when the parts it needs unpack to more than `limits` allow (a zip
 * bomb), CORRUPT when the archive is damaged.
 */
export async function parseDocx(path: string, limits: DocxLimits = {}): Promise<ParsedDocx | null> {
  const buffer = await readFile(path);
  let zip: BoundedZipReader;
  try {
    zip = new BoundedZipReader(buffer, {
      maxEntryBytes: limits.maxPartBytes ?? DEFAULT_LIMITS.maxEntryBytes,
      maxTotalBytes: limits.maxTotalBytes ?? DEFAULT_LIMITS.maxTotalBytes,
    });
  } catch (error) {
    throw zipError(path, error) ?? error;
  }
  if (!zip.has("word/document.xml")) return null;
  let html: string;
  try {
    const input = { file: mammothZip(zip) } as unknown as Parameters<
      typeof mammoth.convertToHtml
    >[0];
    html = (
      await mammoth.convertToHtml(input, {
        // Text is all we index: an image is never unpacked (nor inlined as base64 into the HTML).
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: "" })),
      })
    ).value;
  } catch (error) {
    throw (
      zipError(path, error) ??
      importError("CORRUPT", path, error instanceof Error ? error.message : String(error), error)
    );
  }
  let title = "";
  try {
    const core = zip.read("docProps/core.xml")?.toString("utf8") ?? "";
    title = decodeXmlText(/<dc:title>([^<]*)<\/dc:title>/.exec(core)?.[1] ?? "").trim();
  } catch {
    // The title is optional metadata; a damaged (or oversized) core.xml only costs the title.
  }
  return { title, page: htmlToPage(html) };
}
