/**
 * How the parse pool starts its worker threads. Next to the pool sits `pdfWorker.ts` (source) or
 * `pdfWorker.js` (built); from .ts sources the worker needs tsx's loader, registered by a short
 * bootstrap (see `workerStart`). A bundler emits `pdfWorker` as its own entry point beside the
 * bundle holding the pool (see PdfWorkerPool.ts's file comment).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { installPdfjsPolyfills, quietPdfjsWarning } from "./pdfjsRuntime";

export interface WorkerStart {
  /** The module to run, or bootstrap code when `eval` is set. */
  target: URL | string;
  eval: boolean;
}

/**
 * How to start the worker. From built .js files: the file itself. From .ts sources (tsx, vitest):
 * a short bootstrap that registers tsx's loader in the worker and then imports the .ts file,
 * because on Node 20 `execArgv: ["--import", "tsx"]` does not reach the worker's module loader.
 */
export function workerStart(url: URL): WorkerStart {
  if (!url.pathname.endsWith(".ts")) return { target: url, eval: false };
  const require = createRequire(import.meta.url);
  const tsxDir = dirname(require.resolve("tsx/package.json"));
  const api = JSON.stringify(pathToFileURL(join(tsxDir, "dist", "esm", "api", "index.mjs")).href);
  // pdf.js is loaded before tsx so tsx does not re-transform its 3 MB of JavaScript in every worker.
  const pdf = JSON.stringify(pathToFileURL(require.resolve("pdfjs-dist/build/pdf.mjs")).href);
  const pdfWorker = JSON.stringify(
    pathToFileURL(require.resolve("pdfjs-dist/build/pdf.worker.mjs")).href,
  );
  const code = [
    // Transpilers with keepNames (tsx) wrap functions in __name(); the serialised polyfill needs it defined.
    "const __name = (target) => target;",
    `(${installPdfjsPolyfills.toString()})();`,
    `const warn = console.warn; console.warn = ${quietPdfjsWarning.toString()}(warn);`,
    `Promise.all([import(${pdfWorker}), import(${pdf})])`,
    `.then(([w]) => { console.warn = warn; globalThis.pdfjsWorker = w; return import(${api}); })`,
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`,
  ].join("\n");
  return { target: code, eval: true };
}

export function defaultWorkerUrl(): URL {
  return new URL(
    import.meta.url.endsWith(".ts") ? "./pdfWorker.ts" : "./pdfWorker.js",
    import.meta.url,
  );
}
