/**
 * The import with embedding (bench:ingest --embed-shape/--embed-model): three runs on the same
 * files, in one process, one after the other:
 *   1. the whole import with the embedding model (parse, store, embed; wall time and peak RSS),
 *   2. parse-only: the same import into another folder without a model,
 *   3. embed-only: a re-embed of (2)'s library with the model (the path a model switch takes:
 *      read the passages once, embed, write the vectors).
 * Then (1) against max and sum of (2) and (3): overlap is perfect at ratio_to_max 1.0, none at
 * sum/max. The model is loaded (and its contexts made) before any run is timed.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Engine } from "../../electron/engine/Engine";
import { EmbeddingIndexer } from "../../electron/engine/ingest/EmbeddingIndexer";
import { LanceStore } from "../../electron/engine/store/LanceStore";
import { LlamaEmbedder } from "../../electron/engine/llm/LlamaEmbedder";
import { LlamaRuntime } from "../../electron/engine/llm/LlamaRuntime";
import { modelEntry } from "./benchModel";
import { fmt } from "./benchUtil";
import { shapeModelPath } from "./shapes/modelShapes";

export interface IngestEmbedOptions {
  files: string[];
  pages: number;
  /** A shape name (bench/shapes) or a GGUF path. */
  shape?: string;
  model?: string;
  contexts?: number;
}

export async function benchIngestWithEmbedding(o: IngestEmbedOptions): Promise<void> {
  const modelPath = o.model ?? (await shapeModelPath(o.shape ?? "bge-small"));
  const label = o.shape ?? path.basename(modelPath);
  const modelMb = statSync(modelPath).size / 2 ** 20;
  const runtime = new LlamaRuntime({ gpu: false, idleUnloadMs: 0 });
  const embedder = new LlamaEmbedder({
    runtime,
    model: await modelEntry(modelPath),
    contexts: o.contexts,
  });
  await embedder.embed(["warm up: load the model and make the contexts", "second context"]);
  for (const f of o.files) readFileSync(f); // the OS file cache, alike for every run
  const tmp = (name: string): string =>
    mkdtempSync(path.join(os.tmpdir(), `enclave-bench-${name}-`));
  const dirs = { both: tmp("both"), parse: tmp("parse") };

  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const start = performance.now();
    const value = await work();
    return [value, (performance.now() - start) / 1000];
  };
  const importInto = async (dataDir: string, withModel: boolean) => {
    const engine = await Engine.create({
      dataDir,
      overrides: { embedder: withModel ? embedder : null },
      resumeEmbedding: false,
    });
    const report = await engine.importPaths({
      collection: "default",
      requestId: "b",
      paths: o.files,
    });
    await engine.close();
    return report;
  };

  const [report, wall] = await timed(() => importInto(dirs.both, true));
  clearInterval(rssTimer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const passages = report.results.reduce((s, r) => s + (r.chunks ?? 0), 0);
  const [, parseOnly] = await timed(() => importInto(dirs.parse, false));
  // Embed-only: the library (2) made is re-embedded, as after a model switch.
  const store = await LanceStore.open(path.join(dirs.parse, "library"));
  const indexer = new EmbeddingIndexer(store, { embedder: () => Promise.resolve(embedder) });
  const [, embedOnly] = await timed(() => indexer.index());
  await indexer.close();
  await store.close();
  await embedder.dispose();
  await runtime.dispose();
  for (const d of Object.values(dirs)) rmSync(d, { recursive: true, force: true });

  const failed = report.results.filter((r) => !r.ok);
  for (const f of failed) console.log(`FAILED ${f.file}: ${f.error?.message}`);
  const max = Math.max(parseOnly, embedOnly);
  const sum = parseOnly + embedOnly;
  console.log(
    `${o.files.length} files, ${o.pages} pages, ${passages} passages; model ${label} (${fmt(modelMb, 0)} MiB)`,
  );
  console.log(
    `import with embedding: ${fmt(wall, 2)} s, ${fmt(o.pages / wall)} pages/s, ${fmt(passages / wall)} passages/s`,
  );
  console.log(`parse-only import:     ${fmt(parseOnly, 2)} s, ${fmt(o.pages / parseOnly)} pages/s`);
  console.log(
    `embed-only (re-embed): ${fmt(embedOnly, 2)} s, ${fmt(passages / embedOnly)} passages/s`,
  );
  console.log(
    `ratio to max: ${fmt(wall / max, 3)} (target <= 1.15); sum/max ${fmt(sum / max, 3)} (no overlap)`,
  );
  console.log(
    `peak RSS: ${fmt(peakRss / 2 ** 20, 0)} MiB (target < ${fmt(1536 + modelMb, 0)} MiB)`,
  );
  console.log(
    `bench:ingest files=${o.files.length} pages=${o.pages} passages=${passages} embed=${label} wall_s=${fmt(wall, 2)} pages_s=${fmt(o.pages / wall, 1)} parse_only_s=${fmt(parseOnly, 2)} embed_only_s=${fmt(embedOnly, 2)} sum_s=${fmt(sum, 2)} ratio_to_max=${fmt(wall / max, 3)} peak_rss_mb=${fmt(peakRss / 2 ** 20, 0)} model_mb=${fmt(modelMb, 0)} failed=${failed.length}`,
  );
}
