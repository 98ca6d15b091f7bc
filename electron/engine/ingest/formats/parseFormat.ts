/**
 * The worker side of every format beyond PDF, Word, HTML, Markdown and text: reads the file,
 * picks the parser by content (zip package kind, RTF or compound-file magic: an Outlook message, else legacy Office) or, for formats
 * that are text underneath (CSV, e-mail), by the claimed extension, and turns every failure into
 * an ImportError with the code the user sees (CORRUPT, ENCRYPTED, TOO_LARGE, WRONG_TYPE).
 */
import { readFile } from "node:fs/promises";
import type { DocumentFormat } from "../../../../shared/types";
import { importError, ImportError } from "../ImportError";
import { BoundedZipReader } from "../readZip";
import { NotEmailError, parseEml, parseMbox } from "./parseEmail";
import { epubEncrypted, parseEpub } from "./parseEpub";
import { parseCsv } from "./parseCsv";
import { parseMsg } from "./parseMsg";
import { parseOdp, parseOdt } from "./parseOdf";
import { parseOds } from "./parseOds";
import { parsePptx } from "./parsePptx";
import { parseRtf, RtfFormatError } from "./parseRtf";
import { parseXlsx } from "./parseXlsx";
import { odfEncrypted, packageKind, PACKAGE_LIMITS, zipError } from "./officeZip";
import type { ParsedFormat } from "./types";

export interface FormatRequest {
  path: string;
  /** The format the file's extension claims, or null. */
  claimed: DocumentFormat | null;
  /** What its first bytes say: a zip package, an RTF file, an OLE compound file, or text. */
  sniffed: "zip" | "rtf" | "cfb" | "text";
  /** Where e-mail attachments are saved for import; null: they are noted, not saved. */
  attachmentsDir: string | null;
}

/** `notOurs`: none of these formats after all; it says what the file is, for the caller's message. */
export type FormatResult = ParsedFormat | { notOurs: string };

/** OOXML saved with a password is an OLE compound file holding an "EncryptedPackage" stream. */
const ENCRYPTED_PACKAGE = Buffer.from("EncryptedPackage", "utf16le");
/** Every Outlook message has a "__properties_version1.0" stream; no other compound file does. */
const MSG_PROPERTIES = Buffer.from("__properties_version1.0", "utf16le");

function parseZip(path: string, bytes: Buffer): FormatResult {
  const zip = new BoundedZipReader(bytes, PACKAGE_LIMITS);
  const kind = packageKind(zip);
  if (kind === null) return { notOurs: "a zip archive" };
  if ((kind === "odt" || kind === "ods" || kind === "odp") && odfEncrypted(zip))
    throw importError("ENCRYPTED", path);
  if (kind === "epub" && epubEncrypted(zip))
    throw importError("ENCRYPTED", path, "the e-book is protected by DRM");
  switch (kind) {
    case "xlsx":
      return parseXlsx(zip);
    case "pptx":
      return parsePptx(zip);
    case "odt":
      return parseOdt(zip);
    case "ods":
      return parseOds(zip);
    case "odp":
      return parseOdp(zip);
    case "epub":
      return parseEpub(zip);
  }
}

async function parseText(req: FormatRequest, bytes: Buffer): Promise<FormatResult> {
  switch (req.claimed) {
    case "csv": {
      const csv = parseCsv(req.path, bytes);
      return csv === "binary" ? { notOurs: "binary data" } : csv;
    }
    case "eml":
      return await parseEml(bytes, req.attachmentsDir);
    case "mbox":
      return await parseMbox(req.path, bytes, req.attachmentsDir);
    default:
      return { notOurs: "plain text" };
  }
}

export async function parseFormat(req: FormatRequest): Promise<FormatResult> {
  const { path } = req;
  const bytes = await readFile(path);
  try {
    switch (req.sniffed) {
      case "zip":
        return parseZip(path, bytes);
      case "rtf":
        return parseRtf(bytes);
      case "cfb":
        if (bytes.includes(ENCRYPTED_PACKAGE)) throw importError("ENCRYPTED", path);
        if (req.claimed === "msg" || bytes.includes(MSG_PROPERTIES))
          return await parseMsg(bytes, req.attachmentsDir);
        return { notOurs: "a legacy Office file (.doc, .xls or .ppt)" };
      case "text":
        return await parseText(req, bytes);
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    if (error instanceof NotEmailError)
      throw importError(req.claimed === null ? "UNSUPPORTED" : "WRONG_TYPE", path, error.message);
    const zip = zipError(path, error);
    if (zip !== null) throw zip;
    const message = error instanceof Error ? error.message : String(error);
    throw importError(
      "CORRUPT",
      path,
      message,
      error instanceof RtfFormatError ? error : undefined,
    );
  }
}
