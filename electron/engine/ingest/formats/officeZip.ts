/**
 * The zip side of office files and e-books: which kind of package a zip is, its parts read through
 * the capped reader (a zip bomb fails as TOO_LARGE, damage as CORRUPT), and OOXML relationships.
 */
import { posix } from "node:path";
import { importError, type ImportError } from "../ImportError";
import { BoundedZipReader, ZipFormatError, ZipTooLargeError, type ZipLimits } from "../readZip";
import { xmlTokens } from "./xmlTokens";

/**
 * Unpacked bytes one package may cost. A 50,000-row sheet is about 10 MiB of XML; the tokenizer
 * holds the part as one string plus the rows it renders, a few times the part's size.
 */
export const PACKAGE_LIMITS: ZipLimits = {
  maxEntryBytes: 64 * 2 ** 20,
  maxTotalBytes: 160 * 2 ** 20,
};

export type PackageKind = "xlsx" | "pptx" | "odt" | "ods" | "odp" | "epub";

/** What the package holds, by its parts (never by its name); null when none of ours. */
export function packageKind(zip: BoundedZipReader): PackageKind | null {
  if (zip.has("xl/workbook.xml")) return "xlsx";
  if (zip.has("ppt/presentation.xml")) return "pptx";
  if (!zip.has("mimetype")) return null;
  const mime = part(zip, "mimetype").trim();
  if (mime === "application/epub+zip") return "epub";
  if (mime === "application/vnd.oasis.opendocument.text") return "odt";
  if (mime === "application/vnd.oasis.opendocument.spreadsheet") return "ods";
  if (mime === "application/vnd.oasis.opendocument.presentation") return "odp";
  return null;
}

/** Maps the zip reader's errors to import errors; null for anything else. */
export function zipError(path: string, error: unknown): ImportError | null {
  if (error instanceof ZipTooLargeError)
    return importError(
      "TOO_LARGE",
      path,
      `${error.message}, far more than any real document: it may be damaged or built to exhaust memory`,
      error,
    );
  if (error instanceof ZipFormatError) return importError("CORRUPT", path, error.message, error);
  return null;
}

/** A part as UTF-8 text ("" when missing). */
export function part(zip: BoundedZipReader, name: string): string {
  return zip.read(name)?.toString("utf8") ?? "";
}

/** A part that must be there: its absence means a damaged package. */
export function requiredPart(zip: BoundedZipReader, name: string): string {
  const bytes = zip.read(name);
  if (bytes === null) throw new ZipFormatError(`the package has no ${name}`);
  return bytes.toString("utf8");
}

/** The relationships of an OOXML part: id → { target part name, type }. */
export function relationships(
  zip: BoundedZipReader,
  partName: string,
): Map<string, { target: string; type: string }> {
  const dir = posix.dirname(partName);
  const relsName = posix.join(dir, "_rels", `${posix.basename(partName)}.rels`);
  const out = new Map<string, { target: string; type: string }>();
  for (const t of xmlTokens(part(zip, relsName))) {
    if (t.kind !== "open" || !t.name.endsWith("Relationship")) continue;
    const { Id, Target, Type, TargetMode } = t.attrs;
    if (Id === undefined || Target === undefined || TargetMode === "External") continue;
    const target = Target.startsWith("/")
      ? Target.slice(1)
      : posix.normalize(posix.join(dir, decodeURIComponent(Target)));
    out.set(Id, { target, type: Type ?? "" });
  }
  return out;
}

/** An OpenDocument package whose parts are encrypted (saved with a password). */
export function odfEncrypted(zip: BoundedZipReader): boolean {
  return /<manifest:encryption-data[\s>/]/.test(part(zip, "META-INF/manifest.xml"));
}
