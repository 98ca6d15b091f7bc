import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import { readFileSync } from "node:fs";
const f = process.argv[2];
const t0 = performance.now();
const data = new Uint8Array(readFileSync(f));
const doc = await pdfjs.getDocument({ data, disableFontFace: true, isEvalSupported: false, verbosity: 0, useSystemFonts: false, stopAtErrors: false, disableAutoFetch: true, fontExtraProperties: false }).promise;
let chars = 0;
for (let i = 1; i <= doc.numPages; i++) {
  const p = await doc.getPage(i);
  const tc = await p.getTextContent();
  for (const it of tc.items) chars += it.str?.length ?? 0;
  p.cleanup();
}
const dt = performance.now() - t0;
console.log(f, doc.numPages, (doc.numPages / dt * 1000).toFixed(1), "pages/s", chars);
await doc.destroy();
