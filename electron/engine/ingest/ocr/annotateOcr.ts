/** Marks passages read with OCR with their page's mean confidence (search results, citations). */
import type { Passage } from "../../../../shared/types";
import { readDocumentOcr, type DocumentOcr } from "./documentOcr";

export async function annotateOcr(passages: Passage[], cacheDir: string): Promise<void> {
  const byDoc = new Map<string, Promise<DocumentOcr>>();
  for (const p of passages) {
    let doc = byDoc.get(p.documentId);
    if (doc === undefined) {
      doc = readDocumentOcr(cacheDir, p.documentId);
      byDoc.set(p.documentId, doc);
    }
    const pages = await doc;
    const read = [p.page, p.pageEnd].map((n) => pages[String(n)]?.confidence);
    const known = read.filter((c): c is number => c !== undefined);
    // A passage across a typed and a scanned page is as reliable as its scanned part.
    if (known.length > 0) p.ocr = Math.min(...known);
  }
}
