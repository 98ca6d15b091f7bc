/** pdf.js set up to load everything from the app itself: worker, fonts and cmaps (no CDN). */
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from "pdfjs-dist";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";

GlobalWorkerOptions.workerSrc = workerUrl;

/** Folder the Vite build copies pdf.js's data into (see vite.config.ts). */
const asset = (path: string): string => new URL(`./pdfjs/${path}`, document.baseURI).href;

export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  // pdf.js transfers the buffer to its worker; a copy keeps the caller's bytes usable.
  const task = getDocument({
    data: bytes.slice(),
    standardFontDataUrl: asset("standard_fonts/"),
    cMapUrl: asset("cmaps/"),
    cMapPacked: true,
    wasmUrl: asset("wasm/"),
    isEvalSupported: false,
    enableXfa: false,
  });
  return task.promise;
}

export type { PDFDocumentProxy };
