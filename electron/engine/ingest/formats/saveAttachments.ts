/**
 * Saves an e-mail's attachments where the importer will read them as child documents: formats
 * Enclave imports are written (under a folder named by their hash, so the same file attached
 * twice is one file); images are read with OCR; other types are left out, each with a note.
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import type { Attachment } from "postal-mime";
import { IMPORT_EXTENSIONS } from "../../../../shared/formats";
import type { AttachmentFile } from "./types";

/** Extensions implied by a MIME type when the sender gave the file no usable name. */
const BY_TYPE: Record<string, string> = {
  "message/rfc822": ".eml",
  "application/pdf": ".pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
  "application/vnd.oasis.opendocument.text": ".odt",
  "application/vnd.oasis.opendocument.spreadsheet": ".ods",
  "application/vnd.oasis.opendocument.presentation": ".odp",
  "application/epub+zip": ".epub",
  "application/rtf": ".rtf",
  "text/csv": ".csv",
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/tiff": ".tif",
  "image/bmp": ".bmp",
  "image/webp": ".webp",
};

/** A name safe to create in any OS: no folders, no reserved characters, not too long. */
export function safeFileName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\p{Cc}/gu, "_")
    .replace(/^[.\s]+|[.\s]+$/g, "")
    .slice(-120);
  return clean === "" ? fallback : clean;
}

/** What saving needs of an attachment (postal-mime's shape; the .msg parser builds the same). */
export type MailAttachment = Pick<
  Attachment,
  "filename" | "mimeType" | "content" | "related" | "disposition"
>;

export interface SavedAttachments {
  files: AttachmentFile[];
  notes: string[];
}

/**
 * `dir`: the attachments folder; null when the caller keeps no attachments (they are then noted,
 * not saved).
 */
export async function saveAttachments(
  attachments: MailAttachment[],
  dir: string | null,
  subject: string,
): Promise<SavedAttachments> {
  const files: AttachmentFile[] = [];
  const notes: string[] = [];
  for (const [i, a] of attachments.entries()) {
    const typeExt = BY_TYPE[a.mimeType] ?? "";
    let name = safeFileName(a.filename ?? "", `attachment-${i + 1}${typeExt}`);
    if (IMPORT_EXTENSIONS[extname(name).toLowerCase()] === undefined && typeExt !== "")
      name += typeExt;
    const of = `of '${subject}'`;
    // Inline pictures (logos, signatures) are part of the message's look, not attachments;
    // attached photos and scans are imported and read with OCR.
    if (a.mimeType.startsWith("image/") && (a.related === true || a.disposition === "inline"))
      continue;
    if (IMPORT_EXTENSIONS[extname(name).toLowerCase()] === undefined) {
      notes.push(`${name} ${of} was left out: it is not a format Enclave imports.`);
      continue;
    }
    if (dir === null) {
      notes.push(`${name} ${of} was not imported: this import keeps no attachments.`);
      continue;
    }
    const bytes =
      typeof a.content === "string" ? Buffer.from(a.content, "utf8") : new Uint8Array(a.content);
    const hash = createHash("sha256").update(bytes).digest("hex");
    const folder = join(dir, hash.slice(0, 32));
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const path = join(folder, name);
    await writeFile(path, bytes, { mode: 0o600 });
    files.push({ name, path });
  }
  return { files, notes };
}
