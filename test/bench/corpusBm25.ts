/**
 * A small BM25 over `pdftotext` pages, so the abstention benchmark can run before the real engine
 * exists, and so the abstention thresholds are calibrated against a plain full-text retriever
 * (the weakest one the engine will have: no embedding model selected).
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import type { Passage } from "../../shared/types";
import { termSet, tokenize } from "../../shared/text";

/** Roughly the chunk size the ingest chunker aims at. */
const CHUNK_CHARS = 1200;

interface Chunk {
  passage: Passage;
  length: number;
}

export interface CorpusIndex {
  search(question: string, limit: number): Passage[];
  termStats(words: string[]): { totalPassages: number; documentFrequency: Map<string, number> };
  chunkCount: number;
}

function pagesOf(pdf: string): string[] {
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], {
    maxBuffer: 1 << 30,
  }).toString("utf8");
  return text.split("\f");
}

function chunkPage(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK_CHARS);
    if (end < text.length) {
      const para = text.lastIndexOf("\n\n", end);
      const line = text.lastIndexOf("\n", end);
      if (para > start + CHUNK_CHARS / 2) end = para;
      else if (line > start + CHUNK_CHARS / 2) end = line;
    }
    const piece = text.slice(start, end);
    if (piece.trim() !== "") out.push({ text: piece, start });
    start = end;
  }
  return out;
}

export function buildCorpusIndex(corpusDir: string): CorpusIndex {
  const chunks: Chunk[] = [];
  const postings = new Map<string, { chunk: number; tf: number }[]>();
  const words = new Map<string, number>();
  for (const file of readdirSync(corpusDir)
    .filter((f) => f.endsWith(".pdf"))
    .sort()) {
    const path = join(corpusDir, file);
    const pages = pagesOf(path);
    pages.forEach((pageText, i) => {
      for (const piece of chunkPage(pageText)) {
        const id = chunks.length;
        const tokens = tokenize(piece.text);
        const tf = new Map<string, number>();
        for (const t of tokens) if (!t.stop) tf.set(t.term, (tf.get(t.term) ?? 0) + 1);
        for (const [term, n] of tf) {
          const list = postings.get(term);
          if (list === undefined) postings.set(term, [{ chunk: id, tf: n }]);
          else list.push({ chunk: id, tf: n });
        }
        for (const w of new Set(tokens.map((t) => t.surface.toLowerCase())))
          words.set(w, (words.get(w) ?? 0) + 1);
        // Parts of compound tokens (read.table -> read, table) are searchable too.
        for (const part of termSet(tokens)) {
          if (tf.has(part)) continue;
          const list = postings.get(part);
          if (list === undefined) postings.set(part, [{ chunk: id, tf: 1 }]);
          else list.push({ chunk: id, tf: 1 });
        }
        chunks.push({
          length: tokens.length,
          passage: {
            chunkId: `${file}#${i + 1}#${piece.start}`,
            documentId: file,
            file,
            path,
            title: basename(file, ".pdf"),
            page: i + 1,
            pageEnd: i + 1,
            pageLabel: null,
            heading: "",
            text: piece.text,
            score: 0,
            charStart: piece.start,
            charEnd: piece.start + piece.text.length,
          },
        });
      }
    });
  }
  const avgLength = chunks.reduce((s, c) => s + c.length, 0) / Math.max(1, chunks.length);
  const n = chunks.length;

  return {
    chunkCount: n,
    search(question, limit) {
      const scores = new Map<number, number>();
      const terms = new Set(
        tokenize(question)
          .filter((t) => !t.stop)
          .map((t) => t.term),
      );
      for (const term of terms) {
        const list = postings.get(term);
        if (list === undefined) continue;
        const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
        for (const { chunk, tf } of list) {
          const len = chunks[chunk]?.length ?? avgLength;
          const s = (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * len) / avgLength));
          scores.set(chunk, (scores.get(chunk) ?? 0) + s);
        }
      }
      return [...scores.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, limit)
        .map(([i, s]) => ({ ...(chunks[i] as Chunk).passage, score: s }));
    },
    termStats(ws) {
      const documentFrequency = new Map<string, number>();
      for (const w of ws) {
        let df = words.get(w) ?? 0;
        // Compound words (read.table) are counted through their rarest part when never written whole.
        if (df === 0 && /[._'/-]/.test(w)) {
          const parts = w.split(/[._'/-]+/).filter((p) => p !== "");
          if (parts.length > 0) df = Math.min(...parts.map((p) => words.get(p) ?? 0));
        }
        documentFrequency.set(w, df);
      }
      return { totalPassages: n, documentFrequency };
    },
  };
}
