/**
 * npm run bench:scale -- [--sizes 100000,1000000] [--queries 40] [--flat-queries 15] [--keep-in DIR]
 *   [--nprobes 16] [--refine 30]  (ANN search settings; defaults are the store's)
 * With --keep-in, each size's store stays in DIR/<size> and a later run with the same flag only
 * measures (no reload).
 * Hybrid search at scale: real corpus paragraphs (pdftotext), repeated and varied up to each size,
 * with synthetic 384-d clustered vectors (queries lie near data points). Writes go through
 * LanceStore as an import would; search goes through the Retriever (full-text + ANN, fused).
 * Prints hybrid p50/p95, exact flat vector search p50/p95 in the same run, their ratio, and
 * recall@10 of the store's vector search against the exact flat search.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChunkDraft } from "../../electron/engine/store/types";
import type { Embedder } from "../../electron/engine/llm/types";
import { Retriever } from "../../electron/engine/retrieve/Retriever";
import { loadLance } from "../../electron/engine/store/lanceModule";
import { LanceStore } from "../../electron/engine/store/LanceStore";
import { rowsOf, str } from "../../electron/engine/store/rows";
import {
  defaultCorpusDir,
  defaultDevset,
  fmt,
  parseArgs,
  pdfFilesIn,
  percentile,
} from "./benchUtil";
import { loadQuestions } from "./devset";
import { mulberry32 } from "../fixtures/random";

const DIMS = 384;
const CLUSTERS = 2048;
const { flags } = parseArgs(process.argv.slice(2));
const sizes = (flags.get("sizes") ?? "100000,1000000").split(",").map(Number);
const queryCount = Number(flags.get("queries") ?? 40);
const flatCount = Number(flags.get("flat-queries") ?? 15);

const rng = mulberry32;
const gauss = (r: () => number): number =>
  Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
const centroids = Array.from({ length: CLUSTERS }, (_, c) => {
  const r = rng(1_000_003 * (c + 1));
  return Float32Array.from({ length: DIMS }, () => gauss(r));
});
function normalise(v: Float32Array): Float32Array {
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}
function rowVector(i: number, noise = 0.6): Float32Array {
  const r = rng(i * 7919 + 17);
  const c = centroids[Math.floor(r() * CLUSTERS)] as Float32Array;
  return normalise(c.map((x) => x + noise * gauss(r)));
}
function queryVector(i: number): Float32Array {
  const r = rng(i * 31 + 5);
  return normalise(rowVector(i).map((x) => x + 0.02 * gauss(r)));
}

function corpusParagraphs(): string[] {
  const out: string[] = [];
  for (const file of pdfFilesIn(defaultCorpusDir)) {
    const text = execFileSync("pdftotext", ["-q", "-enc", "UTF-8", file, "-"], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    for (const p of text.split(/\n\s*\n/)) {
      const t = p.replace(/\s+/g, " ").trim();
      if (t.length >= 80) out.push(t.slice(0, 1500));
    }
  }
  return out;
}

/** Embeds a question as the vector of a known row, so hybrid queries have a true neighbour. */
class FixedEmbedder implements Embedder {
  readonly modelId = "synthetic-384";
  readonly dimensions = DIMS;
  readonly byText = new Map<string, Float32Array>();
  embed(texts: string[]): Promise<{ vectors: Float32Array[]; truncated: number }> {
    return Promise.resolve({
      vectors: texts.map((t) => this.byText.get(t) ?? queryVector(0)),
      truncated: 0,
    });
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

async function runSize(size: number, paragraphs: string[], questions: string[]): Promise<void> {
  const keepIn = flags.get("keep-in");
  const dir =
    keepIn !== undefined
      ? path.join(keepIn, String(size))
      : mkdtempSync(path.join(os.tmpdir(), `enclave-scale-${size}-`));
  mkdirSync(dir, { recursive: true });
  const store = await LanceStore.open(dir, {
    annThreshold: size,
    nprobes: flags.has("nprobes") ? Number(flags.get("nprobes")) : undefined,
    refineFactor: flags.has("refine") ? Number(flags.get("refine")) : undefined,
  });
  const loaded = (await store.listDocuments("scale")).length === 10;
  if (!loaded) await store.createCollection("scale");
  const docs = 10;
  const perDoc = Math.ceil(size / docs);
  const t0 = performance.now();
  for (let d = 0; d < (loaded ? 0 : docs); d++) {
    const first = d * perDoc;
    const count = Math.min(perDoc, size - first);
    async function* batches(): AsyncGenerator<{ chunks: ChunkDraft[]; pages: never[] }> {
      for (let b = 0; b < count; b += 10_000) {
        const chunks: ChunkDraft[] = [];
        for (let i = b; i < Math.min(count, b + 10_000); i++) {
          const n = first + i;
          const base = paragraphs[n % paragraphs.length] as string;
          // Vary the repeats: each copy gets its own marker word, so no two chunks are identical.
          const text = `${base} [copy ${Math.floor(n / paragraphs.length)} v${n.toString(36)}]`;
          chunks.push({
            index: i,
            page: Math.floor(i / 3) + 1,
            pageEnd: Math.floor(i / 3) + 1,
            charStart: 0,
            charEnd: text.length,
            headingPath: [],
            text,
          });
        }
        await Promise.resolve();
        yield { chunks, pages: [] };
      }
    }
    const id = createHash("sha256").update(`scale-${size}-${d}`).digest("hex");
    const doc = {
      id,
      title: `Scale document ${d}`,
      file: `scale-${d}.pdf`,
      path: `/scale/${d}.pdf`,
      format: "pdf" as const,
      bytes: 0,
      language: "en",
      collection: "scale",
    };
    await store.writeDocument({ doc, pageCount: Math.ceil(count / 3), chunks: batches() });
    for (let b = 0; b < count; b += 20_000) {
      const rows = [];
      for (let i = b; i < Math.min(count, b + 20_000); i++)
        rows.push({ chunkId: `${id}:${i}`, vector: rowVector(first + i) });
      await store.upsertVectors("synthetic-384", rows);
    }
    console.log(
      `  ${size}: document ${d + 1}/${docs} written (${fmt((performance.now() - t0) / 1000, 0)} s)`,
    );
  }
  // As an import does at its end: fold every written row into the full-text indexes.
  await store.refreshIndexes();
  // After open and after each import the store estimates its common words and loads the ANN
  // index into memory, in the background (~0.2 s at 1M rows); an app has long finished that
  // before a user's first question.
  await store.settled();
  console.log(`  ${size}: loaded and indexed in ${fmt((performance.now() - t0) / 1000, 0)} s`);

  const embedder = new FixedEmbedder();
  const retriever = new Retriever(store, {
    embedder: () => Promise.resolve(embedder),
    vectors: store,
  });
  const scope = { collections: ["scale"] };
  const lance = await loadLance();
  const vectorsTable = await (await lance.connect(dir)).openTable("vectors");
  const exact = async (v: Float32Array): Promise<string[]> =>
    (
      await rowsOf(
        vectorsTable
          .vectorSearch(v)
          .distanceType("cosine")
          .bypassVectorIndex()
          .select(["chunk_id"])
          .limit(10),
      )
    ).map((r) => str(r.chunk_id));

  // Warm-up (untimed): the first queries of a session load index pages from disk; an app pays that once.
  for (let w = 0; w < 5; w++) {
    const question = `${questions[(w + 17) % questions.length] ?? "plot"} warm`;
    embedder.byText.set(question, queryVector(w * 7919));
    await retriever.search(question, scope, 10);
    await exact(queryVector(w * 7919));
  }
  const hybrid: number[] = [];
  const flat: number[] = [];
  let recall = 0;
  for (let q = 0; q < queryCount; q++) {
    const row = Math.floor(rng(q + 99)() * size);
    const question = `${questions[q % questions.length] ?? "plot"} (${q})`;
    const v = queryVector(row);
    embedder.byText.set(question, v);
    let t = performance.now();
    await retriever.search(question, scope, 10);
    hybrid.push(performance.now() - t);
    if (q < flatCount) {
      t = performance.now();
      const truth = await exact(v);
      flat.push(performance.now() - t);
      const approx = new Set((await store.searchVector(v, scope, 10)).map((p) => p.chunkId));
      recall += truth.filter((id) => approx.has(id)).length / truth.length;
    }
  }
  const h95 = percentile(hybrid, 95);
  const f95 = percentile(flat, 95);
  console.log(
    `${size} chunks: hybrid p50 ${fmt(percentile(hybrid, 50))} ms p95 ${fmt(h95)} ms | exact flat p50 ${fmt(percentile(flat, 50))} ms p95 ${fmt(f95)} ms | ` +
      `flat/hybrid p95 ${fmt(f95 / h95, 1)}x | recall@10 ${fmt(recall / Math.min(flatCount, queryCount), 3)}`,
  );
  await store.close();
  if (keepIn === undefined) rmSync(dir, { recursive: true, force: true });
}

const paragraphs = corpusParagraphs();
const questions = loadQuestions(flags.get("devset") ?? defaultDevset).map((q) => q.question);
console.log(`${paragraphs.length} corpus paragraphs, ${DIMS}-d vectors in ${CLUSTERS} clusters`);
for (const size of sizes) await runSize(size, paragraphs, questions);
