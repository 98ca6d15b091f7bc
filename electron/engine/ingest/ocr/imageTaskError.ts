/** Turns an image decoding or OCR failure in a worker into the task error the pool carries back. */
import { importError } from "../ImportError";
import type { PdfTaskError } from "../pdfTasks";
import { ImageDecodeError } from "./decodeImage";
import { OcrLanguageMissingError } from "./TesseractOcr";

export function imageTaskError(path: string, error: unknown): PdfTaskError {
  if (error instanceof ImageDecodeError)
    return {
      kind: "IMPORT",
      code: error.kind,
      message: importError(error.kind, path, error.message).message,
    };
  if (error instanceof OcrLanguageMissingError)
    return { kind: "IMPORT", code: "UNSUPPORTED", message: error.message };
  return { kind: "OTHER", message: error instanceof Error ? error.message : String(error) };
}
