/**
 * npm run bench:retrieval -- [corpusDir] [questions.jsonl] [--data-dir DIR] [--limit 10]
 * hit@1, hit@5, MRR@10 of the engine's search over the corpus, and its latency p50/p95 next to a
 * bare LanceDB full-text query on the same chunks table, measured in the same run.
 * With --data-dir pointing at an existing index, the import is skipped; --chunk-chars N sets the
 * chunker's target size (to choose it by measurement). --scope-by-gold-document also searches each
 * question within its gold document(s) only (SearchScope.documents), reporting hit@1/hit@5 both
 * ways, and times the scoped search against the same bare query (after the scored pass, which has
 * read each gold document once: the first scoped question of each document is timed apart, cold).
 * --half a|b keeps the questions whose first gold file is an even (a) or odd (b) one of the corpus
 * files in name order: develop on one half, report on the other.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Engine } from "../../electron/engine/Engine";
import { loadLance } from "../../electron/engine/store/lanceModule";
import { TABLES } from "../../electron/engine/store/schema";
import {
  defaultCorpusDir,
  defaultDevset,
  fmt,
  parseArgs,
  pdfFilesIn,
  percentile,
} from "./benchUtil";
import { isHit, loadQuestions, scoreRankings, type DevQuestion, type HitCandidate } from "./devset";

const { positionals, flags } = parseArgs(process.argv.slice(2));
const corpusDir = path.resolve(positionals[0] ?? defaultCorpusDir);
const half = flags.get("half");
const corpusFiles = pdfFilesIn(corpusDir).map((f) => path.basename(f));
const questions = loadQuestions(path.resolve(positionals[1] ?? defaultDevset)).filter(
  (q) =>
    half === undefined ||
    corpusFiles.indexOf(q.gold[0]?.file ?? "") % 2 === (half.toLowerCase() === "b" ? 1 : 0),
);
const limit = Number(flags.get("limit") ?? 10);
const dataDir =
  flags.get("data-dir") ?? mkdtempSync(path.join(os.tmpdir(), "enclave-bench-retrieval-"));
const verbose = flags.has("verbose");

const targetChars = flags.has("chunk-chars") ? Number(flags.get("chunk-chars")) : undefined;
const engine = await Engine.create({
  dataDir,
  chunking: targetChars === undefined ? undefined : { targetChars },
});
if ((await engine.listDocuments({ collection: "default" }).catch(() => [])).length === 0) {
  const t = performance.now();
  const report = await engine.importPaths({
    collection: "default",
    requestId: "bench",
    paths: pdfFilesIn(corpusDir),
  });
  console.log(
    `imported ${report.results.filter((r) => r.ok).length} files in ${fmt((performance.now() - t) / 1000)} s`,
  );
}

const scopeByGold = flags.has("scope-by-gold-document");
const idByFile = new Map(
  (await engine.listDocuments({ collection: "default" })).map((d) => [d.file, d.id]),
);
/** The question's gold documents (undefined: the whole collection). */
const goldScope = (q: DevQuestion): string[] | undefined =>
  scopeByGold ? q.gold.flatMap((g) => idByFile.get(g.file) ?? []) : undefined;

/** Scoped searches of a scope asked about for the first time (its documents not read yet), in ms. */
const coldTimes: number[] = [];
const seenScopes = new Set<string>();

async function rank(scoped: boolean): Promise<Map<string, HitCandidate[]>> {
  const rankings = new Map<string, HitCandidate[]>();
  for (const q of questions) {
    const documents = scoped ? goldScope(q) : undefined;
    const t = performance.now();
    const results = await engine.search({
      query: q.question,
      collections: ["default"],
      limit,
      documents,
    });
    const key = (documents ?? []).join(",");
    if (scoped && !seenScopes.has(key)) {
      seenScopes.add(key);
      coldTimes.push(performance.now() - t);
    }
    rankings.set(q.id, results);
    if (verbose && q.answerable) {
      const at = results.findIndex((r) => isHit(q, r));
      const top = results[0];
      console.log(
        `${scoped ? "scoped " : ""}${q.id} rank=${at} top=${top ? `${top.file}:${top.page}` : "-"} gold=${q.gold.map((g) => `${g.file}:${g.pages.join(",")}`).join(" | ")}  ${q.question.slice(0, 70)}`,
      );
    }
  }
  return rankings;
}
const scores = scoreRankings(questions, await rank(false));
console.log(
  `questions: ${questions.filter((q) => q.answerable).length} answerable${half === undefined ? "" : ` (half ${half})`}`,
);
console.log(
  `hit@1 ${fmt(scores.hit1, 3)} (target >= 0.55)   hit@5 ${fmt(scores.hit5, 3)} (target >= 0.80)   MRR@10 ${fmt(scores.mrr10, 3)}`,
);
const scopedScores = scopeByGold ? scoreRankings(questions, await rank(true)) : null;
if (scopedScores !== null)
  console.log(
    `scoped to the gold document: hit@1 ${fmt(scopedScores.hit1, 3)} (target >= 0.80)   hit@5 ${fmt(scopedScores.hit5, 3)} (target >= 0.95)   MRR@10 ${fmt(scopedScores.mrr10, 3)}`,
  );

// Latency: the engine's search vs a bare LanceDB full-text query on the same chunks table.
const lancedb = await loadLance();
const db = await lancedb.connect(path.join(dataDir, "library"));
const chunks = await db.openTable(TABLES.chunks);
const bare = async (q: string): Promise<void> => {
  await chunks.query().fullTextSearch(q, { columns: "text" }).limit(limit).toArray();
};
const ours: number[] = [];
const scopedTimes: number[] = [];
const theirs: number[] = [];
const rounds = Number(flags.get("rounds") ?? 3);
for (let round = 0; round < rounds; round++) {
  for (const q of questions) {
    let t = performance.now();
    await engine.search({ query: q.question, collections: ["default"], limit });
    ours.push(performance.now() - t);
    if (scopeByGold) {
      t = performance.now();
      await engine.search({
        query: q.question,
        collections: ["default"],
        limit,
        documents: goldScope(q),
      });
      scopedTimes.push(performance.now() - t);
    }
    t = performance.now();
    await bare(q.question);
    theirs.push(performance.now() - t);
  }
}
const p95o = percentile(ours, 95);
const p95b = percentile(theirs, 95);
const p95s = scopeByGold ? percentile(scopedTimes, 95) : NaN;
console.log(`engine search:  p50 ${fmt(percentile(ours, 50))} ms  p95 ${fmt(p95o)} ms`);
if (scopeByGold) {
  console.log(`scoped search:  p50 ${fmt(percentile(scopedTimes, 50))} ms  p95 ${fmt(p95s)} ms`);
  console.log(
    `scoped search, first question of each scope (cold, ${coldTimes.length}): p50 ${fmt(percentile(coldTimes, 50))} ms  max ${fmt(Math.max(...coldTimes))} ms`,
  );
}
console.log(`bare LanceDB FTS: p50 ${fmt(percentile(theirs, 50))} ms  p95 ${fmt(p95b)} ms`);
console.log(`p95 ratio engine/bare: ${fmt(p95o / p95b, 2)}x (target <= 2x)`);
if (scopeByGold) console.log(`p95 ratio scoped/bare: ${fmt(p95s / p95b, 2)}x (target <= 2x)`);
const summary = [
  `hit1=${fmt(scores.hit1, 3)}`,
  `hit5=${fmt(scores.hit5, 3)}`,
  `mrr10=${fmt(scores.mrr10, 3)}`,
  ...(scopedScores === null
    ? []
    : [
        `scoped_hit1=${fmt(scopedScores.hit1, 3)}`,
        `scoped_hit5=${fmt(scopedScores.hit5, 3)}`,
        `scoped_mrr10=${fmt(scopedScores.mrr10, 3)}`,
        `scoped_p95_ratio=${fmt(p95s / p95b, 2)}`,
      ]),
  `p95_ratio=${fmt(p95o / p95b, 2)}`,
];
console.log(summary.join(" "));
chunks.close();
db.close();
await engine.close();
if (!flags.has("data-dir")) rmSync(dataDir, { recursive: true, force: true });
