import { extname } from "node:path";
import { IMPORT_EXTENSIONS } from "../../../shared/formats";
import type { DocumentFormat } from "../../../shared/types";

/** What the first bytes of a file say it is. */
export type Sniffed =
  | { kind: "pdf" }
  | { kind: "zip" }
  | { kind: "text" }
  /** Rich Text Format. */
  | { kind: "rtf" }
  /** An OLE compound file: legacy Office, Outlook .msg, or password-protected OOXML. */
  | { kind: "cfb" }
  /** A known binary format Enclave does not import; `what` names it for the message. */
  | { kind: "other"; what: string };

const MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: "a GIF image" },
  { bytes: [0x49, 0x49, 0x2a, 0x00], what: "a TIFF image" },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], what: "a TIFF image" },
  { bytes: [0x52, 0x49, 0x46, 0x46], what: "a RIFF media file (WebP, WAV or AVI)" },
  { bytes: [0x1f, 0x8b], what: "a gzip archive" },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: "a 7-Zip archive" },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: "a RAR archive" },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: "a program (ELF)" },
  { bytes: [0x4d, 0x5a], what: "a Windows program" },
  { bytes: [0x00, 0x00, 0x01, 0x00], what: "an icon" },
];

function startsWith(head: Uint8Array, bytes: number[]): boolean {
  return bytes.every((b, i) => head[i] === b);
}

/**
 * A PDF whose "%PDF-" header line is missing: nothing but comment lines and blank space before its
 * first indirect object ("1 0 obj"). Readers (pdf.js, poppler) open such files by their
 * cross-reference table; no other format Enclave sees starts this way.
 */
const HEADERLESS_PDF = /^(?:[\s\0]|%[^\r\n]*[\r\n])*\d{1,10}[ \t\r\n\0]+\d{1,5}[ \t\r\n\0]+obj\b/;

/**
 * Decides by content, not name: "%PDF-" within the first KiB (as readers allow) or a PDF body without
 * its header, zip, known magic numbers, else text.
 */
export function sniffFormat(head: Uint8Array): Sniffed {
  const ascii = Buffer.from(head.subarray(0, 1024)).toString("latin1");
  if (ascii.includes("%PDF-") || HEADERLESS_PDF.test(ascii)) return { kind: "pdf" };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06]))
    return { kind: "zip" };
  if (startsWith(head, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return { kind: "rtf" };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: "cfb" };
  for (const m of MAGIC) if (startsWith(head, m.bytes)) return { kind: "other", what: m.what };
  return { kind: "text" };
}

/** The format a file's name claims, or null for an extension we do not import. */
export function claimedFormat(path: string): DocumentFormat | null {
  return IMPORT_EXTENSIONS[extname(path).toLowerCase()] ?? null;
}
