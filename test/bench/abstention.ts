/**
 * Abstention on the dev set: share of the unanswerable questions answered found:false, and share
 * of the answerable ones wrongly refused, in extractive mode (no chat model).
 *
 *   npx tsx test/bench/abstention.ts            # the real Engine (extractive mode)
 *   npx tsx test/bench/abstention.ts --bm25     # BM25 over pdftotext pages (calibration without the engine)
 *   options: --corpus DIR  --devset FILE  --data-dir DIR (engine mode; reuses an imported library)  --verbose
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Answer } from "../../shared/types";
import { AnswerEngine } from "../../electron/engine/answer/AnswerEngine";
import { Engine } from "../../electron/engine/Engine";
import { defaultCorpusDir, defaultDevset, parseArgs, pdfFilesIn } from "./benchUtil";
import { buildCorpusIndex } from "./corpusBm25";

interface DevItem {
  id: string;
  question: string;
  answerable: boolean;
}

type AskFn = (question: string) => Promise<Answer>;
/** Time spent inside retrieval, to separate the answer code's own overhead (BM25 mode). */
const retrievalMs: number[] = [];

function bm25Asker(corpusDir: string): AskFn {
  const started = performance.now();
  const index = buildCorpusIndex(corpusDir);
  console.log(
    `BM25 over ${index.chunkCount} passages built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const engine = new AnswerEngine({
    retriever: {
      search: (q, _scope, limit) => {
        const t0 = performance.now();
        const hits = index.search(q, limit);
        retrievalMs.push(performance.now() - t0);
        return Promise.resolve(hits);
      },
    },
    termStats: (words) => Promise.resolve(index.termStats(words)),
  });
  return (question) =>
    engine.ask(
      { question, collection: "bench", conversationId: null, history: [] },
      { generator: null },
    );
}

/** The real engine over the corpus (imported once; --data-dir reuses an imported library). */
async function engineAsker(corpusDir: string, dataDir: string | undefined): Promise<AskFn> {
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), "enclave-abstention-"));
  const engine = await Engine.create({ dataDir: dir });
  if ((await engine.listCollections()).every((c) => c.name !== "bench"))
    await engine.createCollection({ name: "bench" });
  if ((await engine.listDocuments({ collection: "bench" })).length === 0) {
    await engine.importPaths({
      collection: "bench",
      requestId: "bench",
      paths: pdfFilesIn(corpusDir),
    });
  }
  let i = 0;
  return async (question) =>
    (
      await engine.ask({
        question,
        collection: "bench",
        conversationId: null,
        requestId: `q${i++}`,
      })
    ).answer;
}

async function main(): Promise<void> {
  const { flags } = parseArgs(process.argv.slice(2));
  const corpusDir = flags.get("corpus") ?? defaultCorpusDir;
  const items = readFileSync(flags.get("devset") ?? defaultDevset, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as DevItem);
  const ask = process.argv.includes("--bm25")
    ? bm25Asker(corpusDir)
    : await engineAsker(corpusDir, flags.get("data-dir"));
  const verbose = process.argv.includes("--verbose");
  let refusedUnanswerable = 0;
  let refusedAnswerable = 0;
  const times: number[] = [];
  for (const item of items) {
    const t0 = performance.now();
    const answer = await ask(item.question);
    times.push(performance.now() - t0);
    const wrong = answer.found !== item.answerable;
    if (!item.answerable && !answer.found) refusedUnanswerable++;
    if (item.answerable && !answer.found) refusedAnswerable++;
    if (verbose || wrong)
      console.log(`${wrong ? "WRONG" : "ok   "} ${item.id} found=${answer.found} ${item.question}`);
  }
  const unanswerable = items.filter((i) => !i.answerable).length;
  const answerable = items.length - unanswerable;
  console.log(
    `unanswerable answered found:false: ${refusedUnanswerable}/${unanswerable} (${((100 * refusedUnanswerable) / unanswerable).toFixed(0)}%)`,
  );
  console.log(
    `answerable wrongly refused:        ${refusedAnswerable}/${answerable} (${((100 * refusedAnswerable) / answerable).toFixed(1)}%)`,
  );
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  console.log(`ask() per question, mean: ${mean(times).toFixed(1)} ms`);
  if (retrievalMs.length > 0)
    console.log(
      `  of which retrieval: ${mean(retrievalMs).toFixed(1)} ms; answer code: ${(mean(times) - mean(retrievalMs)).toFixed(1)} ms`,
    );
}

await main();
