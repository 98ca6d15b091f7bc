/**
 * npm run bench:pack -- [--corpus DIR] [--keep-in DIR] [--queries N] [--dims 384]
 * Library packs on the reference corpus (../shared/corpus): half its PDFs (alternating, by name)
 * go to the collection "Manuals", the other half to "Mine", in one data folder (the reference:
 * a single set of tables holding both). A pack is built from "Manuals" (originals included, then
 * hashes only), and a second data folder keeps only "Mine" and mounts the pack. Measures:
 * build time, pack size per 1,000 pages, verification at open (MB/s, seconds; the engine's open
 * with and without the pack), and search p50/p95 over Manuals + Mine through the pack beside
 * the personal store against the single store, on the dev set's questions, interleaved.
 * Vectors: word-hash vectors of --dims dimensions (FakeEmbedder), so their size is a real model's.
 * With --keep-in, the imported corpus stays in DIR and a later run only measures.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import { Engine } from "../../electron/engine/Engine";
import { buildPack } from "../../electron/engine/packs/buildPack";
import { listPackFiles } from "../../electron/engine/packs/packFiles";
import { verifyPack } from "../../electron/engine/packs/verifyPack";
import { resolvePolicy } from "../../shared/policy";
import { FakeEmbedder } from "../fixtures/FakeEmbedder";
import {
  defaultCorpusDir,
  defaultDevset,
  fmt,
  parseArgs,
  pdfFilesIn,
  percentile,
} from "./benchUtil";
import { loadQuestions } from "./devset";

const { flags } = parseArgs(process.argv.slice(2));
const corpus = flags.get("corpus") ?? defaultCorpusDir;
const queryCount = Number(flags.get("queries") ?? 55);
const embedder = new FakeEmbedder({
  modelId: "bench-embed",
  dimensions: Number(flags.get("dims") ?? 384),
});
const work = flags.get("keep-in") ?? mkdtempSync(path.join(os.tmpdir(), "enclave-bench-pack-"));
mkdirSync(work, { recursive: true });
const single = path.join(work, "single");
const laptop = path.join(work, "laptop");
const managed = path.join(work, "managed");
const noModels = path.join(work, "no-models");
const open = (dataDir: string, policy: Record<string, unknown> = {}) =>
  Engine.create({
    dataDir,
    bundledModelsDir: noModels,
    policy: resolvePolicy(policy, "policy-file"),
    overrides: { embedder },
    resumeEmbedding: false,
    log: () => undefined,
  });

const files = pdfFilesIn(corpus);
let pages = 0;
let manualPages = 0;
if (!existsSync(single)) {
  const engine = await open(single);
  for (const [i, file] of files.entries()) {
    const collection = i % 2 === 0 ? "Manuals" : "Mine";
    const report = await engine.importPaths({ collection, requestId: `b${i}`, paths: [file] });
    for (const r of report.results) if (!r.ok) console.log(`FAILED ${r.file}: ${r.error?.message}`);
  }
  await engine.close();
}
{
  const engine = await open(single);
  for (const c of ["Manuals", "Mine"])
    for (const d of await engine.listDocuments({ collection: c })) {
      pages += d.pages;
      if (c === "Manuals") manualPages += d.pages;
    }
  await engine.close();
}
console.log(`corpus: ${files.length} PDFs, ${pages} pages; pack "Manuals": ${manualPages} pages`);

const dirBytes = async (dir: string, under = ""): Promise<number> =>
  (await listPackFiles(dir))
    .filter((f) => f.path.startsWith(under))
    .reduce((n, f) => n + f.bytes, 0);

rmSync(managed, { recursive: true, force: true });
mkdirSync(managed);
const packDir = path.join(managed, "manuals-1");
let t = performance.now();
const built = await buildPack({
  libraryDir: path.join(single, "library"),
  collection: "Manuals",
  out: packDir,
  createdBy: "bench",
  version: 1,
});
const buildSeconds = (performance.now() - t) / 1000;
const tableBytes = await dirBytes(packDir, "library/");
const docBytes = await dirBytes(packDir, "documents/");
const perK = (n: number): number => (n / manualPages) * 1000;
console.log(
  `build: ${fmt(buildSeconds, 1)} s; ${built.manifest.files.length} files, ${fmt(built.bytes / 1e6, 1)} MB (tables ${fmt(tableBytes / 1e6, 1)} MB, originals ${fmt(docBytes / 1e6, 1)} MB); ${built.passages} passages, ${built.vectors} vectors of ${embedder.dimensions} dims`,
);
console.log(
  `size per 1,000 pages: ${fmt(perK(built.bytes) / 1e6, 1)} MB with originals, ${fmt(perK(tableBytes) / 1e6, 1)} MB hashes only`,
);
const hashesOnly = path.join(work, "hashes-only");
rmSync(hashesOnly, { recursive: true, force: true });
t = performance.now();
const slim = await buildPack({
  libraryDir: path.join(single, "library"),
  collection: "Manuals",
  out: hashesOnly,
  createdBy: "bench",
  version: 1,
  includeDocuments: false,
});
console.log(
  `build --hashes-only: ${fmt((performance.now() - t) / 1000, 1)} s, ${fmt(slim.bytes / 1e6, 1)} MB`,
);

// The files were just written, so they are read from the page cache: this is the hashing
// cost; on a cold cache the disk's read speed bounds it.
const verifyRuns: number[] = [];
let verified = await verifyPack(packDir);
for (let i = 0; i < 3; i++) {
  t = performance.now();
  verified = await verifyPack(packDir);
  verifyRuns.push(performance.now() - t);
}
const verifySeconds = percentile(verifyRuns, 50) / 1000;
const verifyMBs = verified.bytes / 1e6 / verifySeconds;
console.log(
  `verify: ${fmt(verifySeconds, 2)} s for ${fmt(verified.bytes / 1e6, 1)} MB = ${fmt(verifyMBs, 0)} MB/s`,
);

// The laptop: the same library without "Manuals" (deleted for real), the pack mounted beside it.
rmSync(laptop, { recursive: true, force: true });
cpSync(single, laptop, { recursive: true });
{
  const engine = await open(laptop);
  await engine.deleteCollection({ name: "Manuals" });
  await engine.close();
}
const timeOpen = async (policy: Record<string, unknown>): Promise<number> => {
  const start = performance.now();
  const engine = await open(laptop, policy);
  const ms = performance.now() - start;
  await engine.close();
  return ms;
};
// Alternated, median of 5 each: the first opens in a process pay for loading modules.
const plainRuns: number[] = [];
const packRuns: number[] = [];
for (let i = 0; i < 5; i++) {
  plainRuns.push(await timeOpen({}));
  packRuns.push(await timeOpen({ ManagedLibrariesDirectory: managed }));
}
const openPlain = percentile(plainRuns, 50);
const openWithPack = percentile(packRuns, 50);
console.log(
  `engine open (median of 5): ${fmt(openPlain / 1000, 2)} s without the pack, ${fmt(openWithPack / 1000, 2)} s with it (verification included)`,
);

const questions = loadQuestions(defaultDevset)
  .slice(0, queryCount)
  .map((q) => q.question);
const reference = await open(single);
const combined = await open(laptop, { ManagedLibrariesDirectory: managed });
const scope = { collections: ["Manuals", "Mine"], limit: 20 };
for (const q of questions.slice(0, 5)) {
  await reference.search({ query: q, ...scope });
  await combined.search({ query: q, ...scope });
}
const refMs: number[] = [];
const packMs: number[] = [];
let overlap = 0;
for (const q of questions) {
  let s = performance.now();
  const a = await reference.search({ query: q, ...scope });
  refMs.push(performance.now() - s);
  s = performance.now();
  const b = await combined.search({ query: q, ...scope });
  packMs.push(performance.now() - s);
  const top = new Set(a.slice(0, 5).map((h) => `${h.file}:${h.page}`));
  overlap +=
    b.slice(0, 5).filter((h) => top.has(`${h.file}:${h.page}`)).length / Math.max(1, top.size);
}
await reference.close();
await combined.close();
const p = (xs: number[], n: number): number => percentile(xs, n);
console.log(
  `search over Manuals + Mine (${questions.length} questions): single table p50 ${fmt(p(refMs, 50))} ms p95 ${fmt(p(refMs, 95))} ms; pack + personal p50 ${fmt(p(packMs, 50))} ms p95 ${fmt(p(packMs, 95))} ms; ratio p95 ${fmt(p(packMs, 95) / p(refMs, 95), 2)}x; top-5 overlap ${fmt((overlap / questions.length) * 100, 0)}%`,
);
if (!flags.has("keep-in")) rmSync(work, { recursive: true, force: true });
console.log(
  `summary pages=${manualPages} build_s=${fmt(buildSeconds, 1)} pack_mb=${fmt(built.bytes / 1e6, 1)} mb_per_1000_pages=${fmt(perK(built.bytes) / 1e6, 1)} hashes_only_mb_per_1000_pages=${fmt(perK(slim.bytes) / 1e6, 1)} verify_s=${fmt(verifySeconds, 2)} verify_mb_s=${fmt(verifyMBs, 0)} open_extra_s=${fmt((openWithPack - openPlain) / 1000, 2)} single_p95_ms=${fmt(p(refMs, 95))} pack_p95_ms=${fmt(p(packMs, 95))} p95_ratio=${fmt(p(packMs, 95) / p(refMs, 95), 2)}`,
);
