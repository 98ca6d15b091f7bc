import type { OcrLanguageInfo } from "../../../../shared/types";

const SOURCE: Record<OcrLanguageInfo["source"], string> = {
  "built-in": "built in",
  "policy-folder": "added by your organisation",
  missing: "not installed: OCR fails until IT adds it",
};

/** The languages OCR can read scans and photos in, and which it reads with (policy OcrLanguages). */
export function OcrLanguages({ languages }: { languages: OcrLanguageInfo[] | undefined }) {
  if (languages === undefined || languages.length === 0) return null;
  return (
    <section className="folders" aria-label="OCR languages" data-testid="ocr-languages">
      <h3>OCR languages (scans and photos)</h3>
      <ul>
        {languages.map((l) => (
          <li key={l.code} data-testid="ocr-language" data-in-use={l.inUse ? "true" : "false"}>
            <code>{l.code}</code> <span className="muted small">({SOURCE[l.source]})</span>
            {l.inUse && l.source !== "missing" && <span className="badge">in use</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
