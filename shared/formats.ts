/**
 * The file types Enclave imports, by extension, declared once: the importer reads a file's
 * claimed format from here and the shell's "Import documents" dialog filters by the same list,
 * so the dialog never offers a type the importer refuses or hides one it takes.
 */
import type { DocumentFormat } from "./types";

/** Extensions (lower case, with the dot) and the format each claims. */
export const IMPORT_EXTENSIONS: Readonly<Record<string, DocumentFormat>> = {
  ".pdf": "pdf",
  ".docx": "docx",
  ".html": "html",
  ".htm": "html",
  ".xhtml": "html",
  ".md": "markdown",
  ".markdown": "markdown",
  ".mdown": "markdown",
  ".txt": "text",
  ".text": "text",
  ".log": "text",
  ".rst": "text",
  ".csv": "csv",
  ".tsv": "csv",
  ".xlsx": "xlsx",
  ".xlsm": "xlsx",
  ".ods": "ods",
  ".pptx": "pptx",
  ".odp": "odp",
  ".odt": "odt",
  ".rtf": "rtf",
  ".epub": "epub",
  ".eml": "eml",
  ".mbox": "mbox",
  ".msg": "msg",
  ".png": "image",
  ".jpg": "image",
  ".jpeg": "image",
  ".tif": "image",
  ".tiff": "image",
  ".bmp": "image",
  ".webp": "image",
};

/** The extensions for a file dialog's filter (without the dot, as Electron wants them). */
export function importDialogExtensions(): string[] {
  return Object.keys(IMPORT_EXTENSIONS).map((e) => e.slice(1));
}
