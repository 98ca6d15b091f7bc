import { useId, useLayoutEffect, useRef, useState } from "react";
import type { Citation } from "../../../../shared/types";
import { Marked } from "../../components/Marked";
import { OcrBadge, ocrSuffix } from "../../components/OcrBadge";
import { formatPage } from "../../lib/format";
import { markSpan } from "../../lib/markText";

export interface CitationChipProps {
  n: number;
  citation: Citation | undefined;
  onOpen: (citation: Citation) => void;
}

/** An inline [n] that previews its passage on hover or focus and opens it in the viewer on click. */
export function CitationChip({ n, citation, onOpen }: CitationChipProps) {
  const [preview, setPreview] = useState(false);
  const previewId = useId();
  const previewRef = useRef<HTMLSpanElement>(null);
  // Keep the preview inside the window: shift it left by however much it would overflow.
  useLayoutEffect(() => {
    const el = previewRef.current;
    if (el === null) return;
    el.style.transform = "";
    const overflow = el.getBoundingClientRect().right - (window.innerWidth - 12);
    if (overflow > 0) el.style.transform = `translateX(${-overflow}px)`;
  }, [preview]);
  if (citation === undefined) {
    return <span className="chip pending">{n}</span>;
  }
  return (
    <span
      className="chip-wrap"
      onMouseEnter={() => setPreview(true)}
      onMouseLeave={() => setPreview(false)}
    >
      <button
        type="button"
        className="chip"
        data-testid="citation-chip"
        aria-label={`Source ${n}: ${citation.title}, ${formatPage(citation.page, citation.pageEnd, citation.pageLabel)}${ocrSuffix(citation.ocr)}`}
        aria-describedby={preview ? previewId : undefined}
        onFocus={() => setPreview(true)}
        onBlur={() => setPreview(false)}
        onClick={() => onOpen(citation)}
      >
        {n}
      </button>
      {preview && (
        <span
          ref={previewRef}
          role="tooltip"
          id={previewId}
          className="chip-preview"
          data-testid="citation-preview"
        >
          <span className="preview-head">
            <strong>{citation.title}</strong> ·{" "}
            {formatPage(citation.page, citation.pageEnd, citation.pageLabel)}
            <OcrBadge confidence={citation.ocr} />
            {citation.heading !== "" && <span className="muted"> · {citation.heading}</span>}
          </span>
          <span className="preview-text">
            <Marked segments={markSpan(citation.text, citation.span)} />
          </span>
        </span>
      )}
    </span>
  );
}
