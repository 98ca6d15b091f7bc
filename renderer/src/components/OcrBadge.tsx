import { OCR_CONFIDENCE_FLOOR, ocrLabel } from "../../../shared/ocr";

/**
 * "OCR, 93%" beside a passage read from a scanned page; under the confidence floor it also says
 * "low confidence" and is marked as a warning. Nothing for text from a text layer.
 */
export function OcrBadge({ confidence }: { confidence: number | undefined }) {
  if (confidence === undefined) return null;
  const low = confidence < OCR_CONFIDENCE_FLOOR;
  return (
    <span
      className={low ? "ocr-badge low" : "ocr-badge"}
      data-testid="ocr-label"
      data-low-confidence={low ? "true" : undefined}
      title={
        low
          ? "Read from a scanned page with OCR, which was unsure of many words: check the page image."
          : "Read from a scanned page with OCR (mean word confidence)."
      }
    >
      {low && <span aria-hidden="true">⚠ </span>}
      {ocrLabel(confidence)}
    </span>
  );
}

/** ", OCR, 93%" for an accessible name, "" for text from a text layer. */
export function ocrSuffix(confidence: number | undefined): string {
  const label = ocrLabel(confidence);
  return label === "" ? "" : `, ${label}`;
}
