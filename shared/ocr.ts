/** How OCR'd text is labelled wherever a passage is shown (citations, search results, the CLI). */

/** Passages from pages whose mean OCR confidence is below this are marked as unreliable. */
export const OCR_CONFIDENCE_FLOOR = 70;

/** "OCR, 93%", or "OCR, 41%, low confidence" under the floor; "" for text from a text layer. */
export function ocrLabel(confidence: number | null | undefined): string {
  if (confidence === null || confidence === undefined) return "";
  const base = `OCR, ${Math.round(confidence)}%`;
  return confidence < OCR_CONFIDENCE_FLOOR ? `${base}, low confidence` : base;
}
