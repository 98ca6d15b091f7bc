/**
 * The benchmarks' cache outside the repository (generated model shapes, llama.cpp's source and
 * reference build): $ENCLAVE_BENCH_CACHE or ~/.cache/enclave-bench. Nothing here is needed by npm test.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..", "..", "..");

export function benchCacheDir(...parts: string[]): string {
  const root = process.env.ENCLAVE_BENCH_CACHE ?? path.join(homedir(), ".cache", "enclave-bench");
  const dir = path.join(root, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** node-llama-cpp's llama.cpp: its release tag and the git bundle of the source it was built from. */
export function llamaCppRelease(): { tag: string; bundle: string } {
  const dir = path.join(repoRoot, "node_modules", "node-llama-cpp", "llama");
  const info = JSON.parse(readFileSync(path.join(dir, "llama.cpp.info.json"), "utf8")) as {
    tag: string;
  };
  return { tag: info.tag, bundle: path.join(dir, "gitRelease.bundle") };
}

/**
 * A checkout of the exact llama.cpp source node-llama-cpp ships (cloned from its git bundle once,
 * then reused): the raw reference is built from it and the model shapes take real vocabularies
 * from its models/ggml-vocab-*.gguf.
 */
export function llamaCppSource(): string {
  const { tag, bundle } = llamaCppRelease();
  const dir = path.join(benchCacheDir(), `llama.cpp-${tag}`);
  if (existsSync(path.join(dir, "CMakeLists.txt"))) return dir;
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  execFileSync("git", ["-c", "advice.detachedHead=false", "clone", "--quiet", bundle, partial], {
    stdio: "inherit",
  });
  renameSync(partial, dir);
  return dir;
}
