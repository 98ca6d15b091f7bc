/**
 * The bytes the in-app viewer shows for a document: read once and hashed as read, so the bytes
 * shown are the bytes checked against the imported hash (the document id).
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { encryptsOnlyAttachments, withoutAttachmentEncryption } from "./ingest/pdfEncryption";
import { DocumentChangedError } from "./errors";

const ENCRYPT_KEY = Buffer.from("/Encrypt");

/**
 * Reads `path`, checks it still hashes to `documentId`, and returns bytes the viewer's pdf.js can
 * open: a PDF that encrypts only its attachments (imported as unencrypted) is returned with its
 * encryption key renamed, exactly as the importer opened it, so the viewer does not ask for a
 * password nobody set. Throws DocumentChangedError when the file changed or is gone.
 */
export async function readViewerBytes(documentId: string, path: string): Promise<Uint8Array> {
  const bytes = await readFile(path).catch(() => {
    throw new DocumentChangedError(documentId, path);
  });
  if (createHash("sha256").update(bytes).digest("hex") !== documentId)
    throw new DocumentChangedError(documentId, path);
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // indexOf is native and cheap; the full examination only runs on files that name /Encrypt.
  return bytes.includes(ENCRYPT_KEY) && encryptsOnlyAttachments(data)
    ? withoutAttachmentEncryption(data)
    : data;
}
