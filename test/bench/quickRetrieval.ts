/**
 * npx tsx test/bench/quickRetrieval.ts [--data-dir DIR] [--reuse] [--chunk 1200] [--verbose]
 *   [--candidates 50] [--coverage 0.6] [--phrase 0.3] [--code 0.4] [--head 2] [--code-boost 3] [--repeat 0.75] [--head-share 0.3]
 * Retrieval quality and latency without the import pipeline: pdftotext pages of the reference
 * corpus become chunks (paragraphs packed up to --chunk characters, never across pages), written
 * through LanceStore. Prints hit@1 / hit@5 / MRR@10 on the dev set for the Retriever, for the
 * store's plain full-text query, and for a bare LanceDB FTS query on the body column, plus
 * latency of the Retriever against that bare query on the same table.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChunkDraft } from "../../electron/engine/store/types";
import { prepareQuery } from "../../electron/engine/retrieve/prepareQuery";
import { Retriever } from "../../electron/engine/retrieve/Retriever";
import { loadLance } from "../../electron/engine/store/lanceModule";
import { LanceStore } from "../../electron/engine/store/LanceStore";
import { rowsOf, str } from "../../electron/engine/store/rows";
import type { PageRecord } from "../../electron/engine/store/types";
import {
  defaultCorpusDir,
  defaultDevset,
  fmt,
  parseArgs,
  pdfFilesIn,
  percentile,
} from "./benchUtil";
import { loadQuestions, scoreRankings, type HitCandidate } from "./devset";

const { flags } = parseArgs(process.argv.slice(2));
const chunkSize = Number(flags.get("chunk") ?? 1200);
const dataDir = flags.get("data-dir") ?? path.join(os.tmpdir(), `enclave-quick-${chunkSize}`);
const collection = "corpus";

/** Paragraphs of one page packed into chunks of at most `size` characters, with offsets. */
export function pageChunks(text: string, size: number): { start: number; end: number }[] {
  const paras: { start: number; end: number }[] = [];
  const re = /\S[\s\S]*?(?=\n\s*\n|$)/g;
  for (const m of text.matchAll(re)) paras.push({ start: m.index, end: m.index + m[0].length });
  const out: { start: number; end: number }[] = [];
  for (const p of paras) {
    const last = out[out.length - 1];
    if (last !== undefined && p.end - last.start <= size) last.end = p.end;
    else {
      for (let s = p.start; s < p.end; s += size)
        out.push({ start: s, end: Math.min(p.end, s + size) });
    }
  }
  return out;
}

function pdfTitle(file: string): string {
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const m = /^Title:\s+(.+)$/m.exec(info);
  return m?.[1]?.trim() || path.basename(file, ".pdf");
}

async function build(store: LanceStore): Promise<void> {
  await store.createCollection(collection);
  for (const file of pdfFilesIn(defaultCorpusDir)) {
    const pages = execFileSync("pdftotext", ["-q", "-enc", "UTF-8", file, "-"], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
    }).split("\f");
    if (pages[pages.length - 1]?.trim() === "") pages.pop();
    const title = pdfTitle(file);
    let index = 0;
    async function* batches(): AsyncGenerator<{ chunks: ChunkDraft[]; pages: PageRecord[] }> {
      for (let b = 0; b < pages.length; b += 100) {
        const chunks: ChunkDraft[] = [];
        const records: PageRecord[] = [];
        for (let p = b; p < Math.min(pages.length, b + 100); p++) {
          const text = pages[p] ?? "";
          records.push({ page: p + 1, text, label: null });
          for (const c of pageChunks(text, chunkSize)) {
            chunks.push({
              index: index++,
              page: p + 1,
              pageEnd: p + 1,
              charStart: c.start,
              charEnd: c.end,
              headingPath: [],
              text: text.slice(c.start, c.end),
            });
          }
        }
        await Promise.resolve();
        yield { chunks, pages: records };
      }
    }
    const id = createHash("sha256").update(path.basename(file)).digest("hex");
    const doc = {
      id,
      title,
      file: path.basename(file),
      path: file,
      format: "pdf" as const,
      bytes: 0,
      language: "en",
      collection,
    };
    const t0 = performance.now();
    await store.writeDocument({ doc, pageCount: pages.length, chunks: batches() });
    console.log(
      `  ${path.basename(file)}: ${pages.length} pages, ${index} chunks, ${fmt((performance.now() - t0) / 1000, 1)} s`,
    );
  }
}

const reuse = flags.has("reuse") && existsSync(dataDir);
mkdirSync(dataDir, { recursive: true });
const num = (name: string): number | undefined =>
  flags.has(name) ? Number(flags.get(name)) : undefined;
const ftsWeights = {
  ...(num("head") !== undefined && { head: num("head") }),
  ...(num("code-boost") !== undefined && { code: num("code-boost") }),
};
const store = await LanceStore.open(dataDir, { ftsWeights });
if (!reuse || (await store.listDocuments(collection)).length === 0) {
  console.log(`building ${dataDir} (chunks ≤ ${chunkSize} chars)`);
  await build(store);
}
const questions = loadQuestions(flags.get("devset") ?? defaultDevset);
const rescoreWeights = {
  ...(num("coverage") !== undefined && { coverage: num("coverage") }),
  ...(num("phrase") !== undefined && { phrase: num("phrase") }),
  ...(num("code") !== undefined && { code: num("code") }),
  ...(num("head-share") !== undefined && { head: num("head-share") }),
};
const candidates = num("candidates");
const repeatPenalty = num("repeat");
const retriever = new Retriever(store, {
  rescore: rescoreWeights,
  ...(candidates !== undefined && { candidates }),
  ...(repeatPenalty !== undefined && { repeatPenalty }),
});
const scope = { collections: [collection] };
const lance = await loadLance();
const db = await lance.connect(dataDir);
const chunksTable = await db.openTable("chunks");

const asHits = (
  ps: { file: string; page: number; pageEnd: number; text: string }[],
): HitCandidate[] =>
  ps.map((p) => ({ file: p.file, page: p.page, pageEnd: p.pageEnd, text: p.text }));
const runs: Record<string, Map<string, HitCandidate[]>> = {
  retriever: new Map(),
  store: new Map(),
  bare: new Map(),
};
const times: Record<string, number[]> = { retriever: [], bare: [] };
const docs = new Map((await store.listDocuments(collection)).map((d) => [d.id, d]));
for (let round = 0; round < 3; round++) {
  for (const q of questions) {
    let t = performance.now();
    const found = await retriever.search(q.question, scope, 10);
    times.retriever!.push(performance.now() - t);
    t = performance.now();
    const bare = await rowsOf(
      chunksTable
        .search(q.question.replace(/[^\p{L}\p{N}\s]/gu, " "), "fts", "text")
        .select(["doc_id", "page", "page_end", "text"])
        .limit(10),
    );
    times.bare!.push(performance.now() - t);
    if (round > 0) continue;
    runs.retriever!.set(q.id, asHits(found));
    runs.store!.set(q.id, asHits(await store.searchText(prepareQuery(q.question), scope, 10)));
    runs.bare!.set(
      q.id,
      bare.map((r) => ({
        file: docs.get(str(r.doc_id))?.file ?? "",
        page: Number(r.page),
        pageEnd: Number(r.page_end),
        text: str(r.text),
      })),
    );
    if (flags.has("verbose")) {
      const rank = (runs.retriever!.get(q.id) ?? []).findIndex((h) =>
        q.gold.some((g) => g.file === h.file && g.pages.some((p) => p >= h.page && p <= h.pageEnd)),
      );
      console.log(
        `${q.id} rank=${rank} ${q.question.slice(0, 70)} → ${found
          .slice(0, 3)
          .map((p) => `${p.file}:${p.page}`)
          .join(", ")}`,
      );
    }
  }
}
for (const [name, res] of Object.entries(runs)) {
  const s = scoreRankings(questions, res);
  console.log(
    `${name.padEnd(9)} hit@1 ${fmt(s.hit1, 3)}  hit@5 ${fmt(s.hit5, 3)}  mrr@10 ${fmt(s.mrr10, 3)}`,
  );
}
for (const [name, t] of Object.entries(times))
  console.log(
    `${name.padEnd(9)} latency p50 ${fmt(percentile(t, 50))} ms  p95 ${fmt(percentile(t, 95))} ms`,
  );
console.log(
  `p95 ratio retriever/bare: ${fmt(percentile(times.retriever!, 95) / percentile(times.bare!, 95), 2)}`,
);
await store.close();
