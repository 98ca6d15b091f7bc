/**
 * The engine's own work per question, model time excluded (retrieval with fusion, evidence,
 * packing, citation mapping, support check, conversation write), next to a bare LanceDB hybrid
 * query (full-text on the chunks table + vector search on the vectors table) on the same index,
 * measured in the same run.
 *
 * Model time is excluded by construction: the embedder returns a hashed 384-d vector at once,
 * and the generator answers at once by quoting the first source with a [1] marker.
 * Usage: npx tsx test/bench/engineOverhead.ts [corpusDir] [questions.jsonl] [--data-dir d] [--rounds 3]
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Engine } from "../../electron/engine/Engine";
import type {
  ChatMessage,
  Embedder,
  GenerateOptions,
  GenerateResult,
  Generator,
} from "../../electron/engine/llm/types";
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
import { loadQuestions } from "./devset";

const DIMS = 384;

/** A deterministic bag-of-words hashing embedder: instant, so only the engine's time is measured. */
class HashEmbedder implements Embedder {
  readonly modelId = "hash-embedder-384";
  readonly dimensions = DIMS;
  embed(texts: string[]): Promise<{ vectors: Float32Array[]; truncated: number }> {
    return Promise.resolve({ vectors: texts.map((t) => hashVector(t)), truncated: 0 });
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

function hashVector(text: string): Float32Array {
  const v = new Float32Array(DIMS);
  for (const word of text.toLowerCase().match(/[a-z0-9_]+/g) ?? []) {
    const h = createHash("md5").update(word).digest();
    v[h.readUInt16LE(0) % DIMS]! += h[2]! & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** Answers at once, quoting the first source: model time is zero. */
class InstantGenerator implements Generator {
  readonly modelName = "instant";
  readonly contextSize = 4096;
  countTokens(text: string): number {
    return Math.ceil(text.length / 4);
  }
  promptTokensPerSecond(): Promise<number> {
    return Promise.resolve(0);
  }
  generate(messages: ChatMessage[], options: GenerateOptions = {}): Promise<GenerateResult> {
    const user = messages.at(-1)?.content ?? "";
    const first = /\[1\][^\n]*\n([^\n]{0,200})/.exec(user)?.[1] ?? "No source.";
    const text = `${first.trim()} [1].`;
    options.onToken?.(text);
    return Promise.resolve({
      text,
      aborted: false,
      promptTokens: 0,
      generatedTokens: 1,
      timeToFirstTokenMs: 0,
    });
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

const { positionals, flags } = parseArgs(process.argv.slice(2));
const corpusDir = path.resolve(positionals[0] ?? defaultCorpusDir);
const questions = loadQuestions(path.resolve(positionals[1] ?? defaultDevset));
const dataDir =
  flags.get("data-dir") ?? mkdtempSync(path.join(os.tmpdir(), "enclave-bench-overhead-"));
const rounds = Number(flags.get("rounds") ?? 3);
const embedder = new HashEmbedder();
const engine = await Engine.create({
  dataDir,
  overrides: { embedder, generator: new InstantGenerator() },
});
if ((await engine.listDocuments({ collection: "default" }).catch(() => [])).length === 0) {
  const t = performance.now();
  await engine.importPaths({
    collection: "default",
    requestId: "bench",
    paths: pdfFilesIn(corpusDir),
  });
  console.log(`imported and embedded (hash embedder) in ${fmt((performance.now() - t) / 1000)} s`);
}

const lance = await loadLance();
const db = await lance.connect(path.join(dataDir, "library"));
const chunks = await db.openTable(TABLES.chunks);
const vectors = await db.openTable(TABLES.vectors);
const bareHybrid = async (q: string): Promise<void> => {
  const v = hashVector(q);
  await Promise.all([
    chunks.query().fullTextSearch(q, { columns: "text" }).limit(20).toArray(),
    vectors.query().nearestTo(v).distanceType("cosine").limit(20).toArray(),
  ]);
};

const ours: number[] = [];
const bare: number[] = [];
for (let round = 0; round < rounds; round++) {
  for (const q of questions) {
    let t = performance.now();
    await engine.ask({
      question: q.question,
      collection: "default",
      conversationId: null,
      requestId: `b${round}`,
    });
    ours.push(performance.now() - t);
    t = performance.now();
    await bareHybrid(q.question);
    bare.push(performance.now() - t);
  }
}
console.log(
  `engine ask (model time excluded): p50 ${fmt(percentile(ours, 50))} ms  p95 ${fmt(percentile(ours, 95))} ms`,
);
console.log(
  `bare LanceDB hybrid query:       p50 ${fmt(percentile(bare, 50))} ms  p95 ${fmt(percentile(bare, 95))} ms`,
);
console.log(
  `overhead ratio engine/bare: p50 ${fmt(percentile(ours, 50) / percentile(bare, 50), 2)}x  p95 ${fmt(percentile(ours, 95) / percentile(bare, 95), 2)}x (target <= 3x)`,
);
chunks.close();
vectors.close();
db.close();
await engine.close();
if (!flags.has("data-dir")) rmSync(dataDir, { recursive: true, force: true });
