import { useEffect, useState } from "react";
import type { DocumentFormat } from "../../../../shared/types";
import { getEnclaveApi } from "../../api";
import { errorMessage } from "../../stores/Store";
import { openPdf, type PDFDocumentProxy } from "./pdfjs";

export interface ViewerDocument {
  /** The document this state belongs to (a new id shows "loading" until its own state arrives). */
  documentId: string | null;
  format: DocumentFormat | null;
  pageCount: number;
  pdf: PDFDocumentProxy | null;
  error: string;
}

/** Loads the document's format and page count, and for PDFs its bytes into pdf.js. */
export function useViewerDocument(documentId: string | null): ViewerDocument {
  const [doc, setDoc] = useState<ViewerDocument>({
    documentId: null,
    format: null,
    pageCount: 0,
    pdf: null,
    error: "",
  });
  useEffect(() => {
    if (documentId === null) return;
    let cancelled = false;
    let loaded: PDFDocumentProxy | null = null;
    const api = getEnclaveApi();
    const load = async () => {
      const first = await api.getPageText({ documentId, page: 1 });
      if (first.format !== "pdf") {
        if (!cancelled)
          setDoc({
            documentId,
            format: first.format,
            pageCount: first.pageCount,
            pdf: null,
            error: "",
          });
        return;
      }
      const pdf = await openPdf(await api.getDocumentBytes({ documentId }));
      loaded = pdf;
      if (cancelled) return;
      setDoc({ documentId, format: "pdf", pageCount: pdf.numPages, pdf, error: "" });
    };
    load().catch((error: unknown) => {
      if (!cancelled)
        setDoc({ documentId, format: null, pageCount: 0, pdf: null, error: errorMessage(error) });
    });
    return () => {
      cancelled = true;
      void loaded?.destroy();
    };
  }, [documentId]);
  return doc.documentId === documentId
    ? doc
    : { documentId, format: null, pageCount: 0, pdf: null, error: "" };
}
