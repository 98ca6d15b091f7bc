/**
 * Loads pdf.js for text extraction inside a worker thread.
 *
 * We use the modern build of pdfjs-dist 5.4.296 (the same release pdf-parse bundles, and the build
 * the viewer runs in Chromium), not the "legacy" build: the legacy build replaces built-ins such as
 * Array.prototype.push with core-js versions and costs ~15–20% more CPU per page, and on the
 * corpus both builds return identical text items. The modern build expects a few things Node 20
 * lacks; `installPdfjsPolyfills` adds them to the worker's own globals only.
 */
import type * as Pdfjs from "pdfjs-dist";

/**
 * Self-contained: it is also serialised (toString) into the tsx worker bootstrap, so it must not
 * refer to anything outside its body, and it avoids named inner functions and classes, which
 * transpilers may wrap in helper calls.
 */
export function installPdfjsPolyfills(): void {
  const g = globalThis as unknown as Record<string, unknown>;
  const P = Promise as unknown as Record<string, unknown>;
  if (typeof P.withResolvers !== "function") {
    P.withResolvers = () => {
      let resolve: (v: unknown) => void = () => undefined;
      let reject: (e: unknown) => void = () => undefined;
      const promise = new Promise((a, b) => {
        resolve = a;
        reject = b;
      });
      return { promise, resolve, reject };
    };
  }
  // Used by the rendering half of pdf.js at load time; text extraction never multiplies with it.
  if (typeof g.DOMMatrix !== "function") {
    g.DOMMatrix = class {
      a = 1;
      b = 0;
      c = 0;
      d = 1;
      e = 0;
      f = 0;
    };
  }
  const ab = ArrayBuffer.prototype as unknown as Record<string, unknown>;
  if (typeof ab.transferToFixedLength !== "function") {
    ab.transferToFixedLength = function (this: ArrayBuffer, length?: number) {
      return this.slice(0, length ?? this.byteLength);
    };
  }
}

/**
 * Wraps console.warn to drop pdf.js's load-time advice to use the legacy build in Node (see the
 * file comment for why we do not). Self-contained for the same reason as the polyfills.
 */
export function quietPdfjsWarning(
  warn: (...args: unknown[]) => void,
): (...args: unknown[]) => void {
  return (...args: unknown[]) => {
    if (!String(args[0]).includes("`legacy` build")) warn(...args);
  };
}

let loaded: Promise<typeof Pdfjs> | null = null;

/** pdf.js with its worker half registered on this thread (pdf.js in Node parses on the calling thread). */
export function loadPdfjs(): Promise<typeof Pdfjs> {
  loaded ??= (async () => {
    installPdfjsPolyfills();
    const g = globalThis as { pdfjsWorker?: unknown };
    // Handing pdf.js its worker module saves the dynamic import it would make of a path relative
    // to pdf.mjs (which a bundle would not have).
    g.pdfjsWorker ??= await import("pdfjs-dist/build/pdf.worker.mjs");
    const warn = console.warn;
    console.warn = quietPdfjsWarning(warn);
    try {
      return await import("pdfjs-dist");
    } finally {
      console.warn = warn;
    }
  })();
  return loaded;
}
