import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import type { DocumentFormat } from "../../../shared/types";
import { hashFile } from "./hashFile";

/** Formats the system may open in their own program, under the extension the format implies. */
const OPEN_AS_IS: Partial<Record<DocumentFormat, string>> = {
  pdf: ".pdf",
  docx: ".docx",
  // Office formats that hold no macros (an .xlsm opens as a copy named .xlsx, which Excel will not run macros from).
  xlsx: ".xlsx",
  pptx: ".pptx",
  odt: ".odt",
  ods: ".ods",
  odp: ".odp",
  epub: ".epub",
};

export interface SystemViewerFileOptions {
  /** Where text copies go. Default: `enclave-view` in the OS temp folder. */
  tempDir?: string;
}

/**
 * The file to hand the system's default program for an imported document, or null when the file
 * at its path no longer holds the imported bytes (changed, replaced, or swapped for a link).
 *
 * A PDF, Office (.docx, .xlsx, .pptx), OpenDocument or EPUB file whose name still ends in its
 * format's extension opens as is; under another name it
 * opens as a read-only copy named for its format. Anything else (HTML, which a browser would run
 * and let reach the network; Markdown and text, e.g. a "notes.bat" imported as text) opens as a
 * read-only .txt copy of the verified bytes, so the system picks a text editor, never whatever the
 * name would launch. Copies are written from the bytes that were hashed, so they cannot be swapped.
 */
export async function systemViewerFile(
  doc: { id: string; path: string; format: DocumentFormat },
  options: SystemViewerFileOptions = {},
): Promise<string | null> {
  const ext = OPEN_AS_IS[doc.format];
  if (ext !== undefined && extname(doc.path).toLowerCase() === ext)
    return (await hashFile(doc.path)) === doc.id ? doc.path : null;
  const bytes = await readFile(doc.path);
  if (createHash("sha256").update(bytes).digest("hex") !== doc.id) return null;
  const dir = join(options.tempDir ?? join(tmpdir(), "enclave-view"), doc.id.slice(0, 16));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const copy = join(dir, `${basename(doc.path)}${ext ?? ".txt"}`);
  // An earlier copy is read-only: replace it rather than write through it.
  await rm(copy, { force: true });
  await writeFile(copy, bytes, { mode: 0o400 });
  return copy;
}
