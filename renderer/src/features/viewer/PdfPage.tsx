import { useEffect, useRef, useState } from "react";
import { highlightBoxes, type HighlightBox, type Matrix } from "../../lib/highlightBoxes";
import { errorMessage } from "../../stores/Store";
import type { PDFDocumentProxy } from "./pdfjs";

export interface PdfPageProps {
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

/** One PDF page on a canvas with highlight boxes over the passage's text items. */
export function PdfPage({ pdf, page, zoom, fitWidth, rangeStart, rangeEnd }: PdfPageProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [boxes, setBoxes] = useState<HighlightBox[]>([]);
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
      const content = await p.getTextContent();
      const items = content.items.filter((i) => "str" in i);
      if (!cancelled) {
        setBoxes(
          rangeStart === null
            ? []
            : highlightBoxes(items, viewport.transform as unknown as Matrix, viewport.scale, {
                start: rangeStart,
                end: rangeEnd,
              }),
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
  }, [pdf, page, zoom, fitWidth, rangeStart, rangeEnd, drawKey]);

  useEffect(() => {
    firstBoxRef.current?.scrollIntoView?.({ block: "center" });
  }, [boxes]);

  return (
    <div
      className="pdf-page"
      data-testid="pdf-page"
      data-page={page}
      style={{ width: size.width, height: size.height }}
    >
      <canvas
        ref={canvasRef}
        style={{ width: size.width, height: size.height }}
        aria-label={`Page ${page}`}
        role="img"
      />
      {boxes.map((b, i) => (
        <div
          key={i}
          ref={i === 0 ? firstBoxRef : undefined}
          className="highlight-box"
          data-testid="highlight-box"
          data-text={b.text}
          style={{ left: b.left, top: b.top, width: b.width, height: b.height }}
        />
      ))}
      {error.key === drawKey && error.message !== "" && (
        <p role="alert" className="banner error">
          This page could not be drawn: {error.message}
        </p>
      )}
    </div>
  );
}
