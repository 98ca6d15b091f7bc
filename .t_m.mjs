const mod = process.argv[2];
Promise.withResolvers ??= function () { let resolve, reject; const promise = new this((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };
globalThis.DOMMatrix ??= class DOMMatrix { constructor() { this.a = 1; this.b = 0; this.c = 0; this.d = 1; this.e = 0; this.f = 0; } };
const pdfjs = await import(`pdfjs-dist/${mod}/pdf.mjs`);
globalThis.pdfjsWorker = await import(`pdfjs-dist/${mod}/pdf.worker.mjs`);
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
for (const f of ["R-intro", "fullrefman"]) for (let r = 0; r < (f === "R-intro" ? 3 : 1); r++) {
const t = process.cpuUsage();
const data = new Uint8Array(readFileSync(`/work/shared/corpus/${f}.pdf`));
const doc = await pdfjs.getDocument({ data, disableFontFace: true, isEvalSupported: false, verbosity: 0, useSystemFonts: false, stopAtErrors: false, disableAutoFetch: true }).promise;
const h = createHash("md5");
for (let i = 1; i <= doc.numPages; i++) { const p = await doc.getPage(i); const tc = await p.getTextContent(); for (const x of tc.items) h.update(x.str + "|" + x.hasEOL + "|" + x.transform.join(",") + x.width); p.cleanup(); }
await doc.destroy();
const u = process.cpuUsage(t); console.log(mod, f, r, ((u.user+u.system)/1e6).toFixed(2), "s cpu", h.digest("hex"));
}
