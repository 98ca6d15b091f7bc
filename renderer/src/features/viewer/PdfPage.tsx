import { useEffect, useRef, useState } from "react";
import type { PageOcrText } from "../../../../shared/types";
import { getEnclaveApi } from "../../api";
import { highlightBoxes, type HighlightBox, type Matrix } from "../../lib/highlightBoxes";
import { errorMessage } from "../../stores/Store";
import { ocrHighlightBoxes } from "./ocrHighlightBoxes";
import type { PDFDocumentProxy } from "./pdfjs";
import { HighlightBoxes } from "./HighlightBoxes";

export interface PdfPageProps {
  /** The document shown, to ask for a scanned page's OCR words. */
  documentId: string;
  pdf: PDFDocumentProxy;
  page: number;
  zoom: number;
  /** Width available for the page at zoom 1, in CSS pixels. */
  fitWidth: number;
  /** Start of the passage's characters on this page, or null when nothing is highlighted. */
  rangeStart: number | null;
  /** End (exclusive) of the passage's characters on this page. */
  rangeEnd: number;
}

/** The OCR words of a page read with OCR, or null for a text-layer page. */
async function ocrWordsOf(documentId: string, page: number): Promise<PageOcrText | null> {
  return (await getEnclaveApi().getPageText({ documentId, page })).ocr ?? null;
}

/**
 * One PDF page on a canvas with highlight boxes over the passage: over its text items, or over
 * its OCR words on a scanned page.
 */
export function PdfPage({
  documentId,
  pdf,
  page,
  zoom,
  fitWidth,
  rangeStart,
  rangeEnd,
}: PdfPageProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [boxes, setBoxes] = useState<HighlightBox[]>([]);
  const [ocrShown, setOcrShown] = useState(false);
  const [error, setError] = useState({ key: "", message: "" });
  const drawKey = `${page}@${zoom}@${fitWidth}`;
  const firstBoxRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    let cancelRender: (() => void) | null = null;
    const draw = async () => {
      const p = await pdf.getPage(page);
      const base = p.getViewport({ scale: 1 });
      const viewport = p.getViewport({ scale: (Math.max(200, fitWidth) / base.width) * zoom });
      const canvas = canvasRef.current;
      if (cancelled || canvas === null) return;
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      setSize({ width: viewport.width, height: viewport.height });
      const task = p.render({
        canvas,
        viewport,
        transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
      });
      cancelRender = () => task.cancel();
      // Asked only for a page with a passage to highlight (each read is an audited view).
      const ocr = rangeStart === null ? null : await ocrWordsOf(documentId, page);
      const content = await p.getTextContent();
      const items = content.items.filter((i) => "str" in i);
      if (!cancelled) {
        const range = { start: rangeStart ?? 0, end: rangeEnd };
        setOcrShown(ocr !== null);
        setBoxes(
          rangeStart === null
            ? []
            : ocr !== null
              ? ocrHighlightBoxes(ocr.words, viewport, range)
              : highlightBoxes(
                  items,
                  viewport.transform as unknown as Matrix,
                  viewport.scale,
                  range,
                ),
        );
      }
      await task.promise;
    };
    draw().catch((e: unknown) => {
      // A cancelled render is the normal result of paging or zooming before it finished.
      if (!cancelled && !(e instanceof Error && e.name === "RenderingCancelledException"))
        setError({ key: drawKey, message: errorMessage(e) });
    });
    return () => {
      cancelled = true;
      cancelRender?.();
    };
  }, [documentId, pdf, page, zoom, fitWidth, rangeStart, rangeEnd, drawKey]);

  useEffect(() => {
    firstBoxRef.current?.scrollIntoView?.({ block: "center" });
  }, [boxes]);

  return (
    <div
      className="pdf-page"
      data-testid="pdf-page"
      data-page={page}
      data-ocr={ocrShown ? "true" : undefined}
      style={{ width: size.width, height: size.height }}
    >
      <canvas
        ref={canvasRef}
        style={{ width: size.width, height: size.height }}
        aria-label={`Page ${page}`}
        role="img"
      />
      <HighlightBoxes boxes={boxes} firstRef={firstBoxRef} />
      {error.key === drawKey && error.message !== "" && (
        <p role="alert" className="banner error">
          This page could not be drawn: {error.message}
        </p>
      )}
    </div>
  );
}
