/** Turns a page's OCR result into the page the chunker indexes. */
import { joinOcrWords } from "../../../../shared/pageText";
import { detectHeadings } from "../detectHeadings";
import type { ParsedPage } from "../types";
import type { OcrTaskResult } from "./ocrTasks";
import { textLayerUnusable } from "./textLayerQuality";

/** Below this mean confidence, OCR output that does not read as words is noise (a photo, stripes). */
const NOISE_BELOW = 60;

export function ocrParsedPage(
  page: number,
  label: string | null,
  result: OcrTaskResult,
): ParsedPage {
  const read = joinOcrWords(result.words).text;
  const text = result.confidence < NOISE_BELOW && textLayerUnusable(read) ? "" : read;
  return {
    page,
    text,
    label,
    headings: detectHeadings(text),
    ocr: { confidence: result.confidence, hash: result.hash },
  };
}
