/** Turns a page's OCR result into the page the chunker indexes. */
import { joinOcrWords } from "../../../../shared/pageText";
import { detectHeadings } from "../detectHeadings";
import type { ParsedPage } from "../types";
import type { OcrTaskResult } from "./ocrTasks";

export function ocrParsedPage(
  page: number,
  label: string | null,
  result: OcrTaskResult,
): ParsedPage {
  const text = joinOcrWords(result.words).text;
  return {
    page,
    text,
    label,
    headings: detectHeadings(text),
    ocr: { confidence: result.confidence, hash: result.hash },
  };
}
