import { useEffect, useRef, useState } from "react";
import { useStores } from "../../StoresContext";
import { getEnclaveApi } from "../../api";
import { passageRangeOnPage } from "../../lib/passageRange";
import { errorMessage } from "../../stores/Store";
import { useStore } from "../../stores/useStore";
import { useAskDocument } from "../chat/useAskDocument";
import { ImagePage } from "./ImagePage";
import { PdfPage } from "./PdfPage";
import { TextPage } from "./TextPage";
import { useViewerDocument } from "./useViewerDocument";

/** The cited document at the cited page, with the passage highlighted. */
export function SourceViewer() {
  const { viewer } = useStores();
  const { target, zoom } = useStore(viewer);
  const doc = useViewerDocument(target?.documentId ?? null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [fitWidth, setFitWidth] = useState(600);
  const [openError, setOpenError] = useState("");
  const askDocument = useAskDocument();

  useEffect(() => {
    const body = bodyRef.current;
    if (body === null) return;
    const observer = new ResizeObserver(() => setFitWidth(Math.floor(body.clientWidth - 32)));
    observer.observe(body);
    return () => observer.disconnect();
  }, []);

  if (target === null) return null;
  const range = target.passage === null ? null : passageRangeOnPage(target.passage, target.page);
  const pageCount = doc.pageCount;

  return (
    <aside className="viewer" aria-label="Source viewer" data-testid="viewer">
      <div className="viewer-bar">
        <div className="viewer-title" title={target.file}>
          <strong>{target.title}</strong>
          <span className="muted small">{target.file}</span>
        </div>
        <div className="viewer-tools" role="toolbar" aria-label="Page and zoom">
          <button
            type="button"
            aria-label="Previous page"
            disabled={target.page <= 1}
            onClick={() => viewer.goTo(target.page - 1, pageCount)}
          >
            ‹
          </button>
          <label className="page-input">
            <span className="visually-hidden">Page</span>
            <input
              type="number"
              min={1}
              max={Math.max(1, pageCount)}
              value={target.page}
              onChange={(e) => viewer.goTo(Number(e.target.value), pageCount)}
              data-testid="viewer-page"
            />
            <span className="muted"> / {pageCount || "…"}</span>
          </label>
          <button
            type="button"
            aria-label="Next page"
            disabled={target.page >= pageCount}
            onClick={() => viewer.goTo(target.page + 1, pageCount)}
          >
            ›
          </button>
          <button type="button" aria-label="Zoom out" onClick={() => viewer.zoomBy(1 / 1.25)}>
            −
          </button>
          <button
            type="button"
            className="zoom-label"
            onClick={() => viewer.resetZoom()}
            aria-label="Fit width"
          >
            {Math.round(zoom * 100)}%
          </button>
          <button type="button" aria-label="Zoom in" onClick={() => viewer.zoomBy(1.25)}>
            +
          </button>
          <button
            type="button"
            onClick={() => askDocument(target.documentId)}
            aria-label={`Ask this document: ${target.title}`}
            data-testid="viewer-ask-document"
          >
            Ask this document
          </button>
          <button
            type="button"
            onClick={() => {
              setOpenError("");
              getEnclaveApi()
                .openInSystemViewer({ documentId: target.documentId })
                .catch((e: unknown) => setOpenError(errorMessage(e)));
            }}
          >
            Open in system viewer
          </button>
          <button type="button" aria-label="Close viewer" onClick={() => viewer.close()}>
            ✕
          </button>
        </div>
      </div>
      {openError !== "" && (
        <p role="alert" className="banner error">
          {openError}
        </p>
      )}
      <div className="viewer-body" ref={bodyRef}>
        {doc.error !== "" && (
          <p role="alert" className="banner error">
            {doc.error}
          </p>
        )}
        {doc.format === "pdf" && doc.pdf !== null && (
          <PdfPage
            documentId={target.documentId}
            pdf={doc.pdf}
            page={target.page}
            zoom={zoom}
            fitWidth={fitWidth}
            rangeStart={range?.start ?? null}
            rangeEnd={range?.end ?? 0}
          />
        )}
        {doc.format === "image" && (
          <ImagePage
            documentId={target.documentId}
            page={target.page}
            zoom={zoom}
            fitWidth={fitWidth}
            range={range}
          />
        )}
        {doc.format !== null && doc.format !== "pdf" && doc.format !== "image" && (
          <TextPage documentId={target.documentId} page={target.page} range={range} />
        )}
        {doc.format === null && doc.error === "" && (
          <p className="muted pad">Opening {target.file}…</p>
        )}
      </div>
    </aside>
  );
}
