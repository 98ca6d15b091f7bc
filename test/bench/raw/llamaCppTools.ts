/**
 * The raw reference: llama.cpp's own `llama-bench` and `llama-embedding`, built once from the exact
 * source node-llama-cpp ships (its git bundle, same commit) into the bench cache, and reused.
 * Built as node-llama-cpp's prebuilt CPU binaries are: ggml's own thread pool (no OpenMP) and the
 * CPU's instruction set (the prebuilt loads the best of its per-CPU variants; this builds for the
 * CPU it runs on). CPU only, Release, `nice` and two compile jobs (the machine is shared).
 *
 *   npx tsx test/bench/raw/llamaCppTools.ts      (builds if needed, prints the paths)
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchCacheDir, llamaCppRelease, llamaCppSource } from "../shapes/benchCache";

export interface LlamaCppTools {
  bench: string;
  embedding: string;
  /** The llama.cpp release both were built from. */
  tag: string;
}

const TARGETS = ["llama-bench", "llama-embedding"];

export function llamaCppTools(log: (line: string) => void = console.error): LlamaCppTools {
  const { tag } = llamaCppRelease();
  const build = path.join(benchCacheDir(), `llama.cpp-${tag}-build-cpu`);
  const bin = (name: string): string => path.join(build, "bin", name);
  if (TARGETS.every((t) => existsSync(bin(t))))
    return { bench: bin("llama-bench"), embedding: bin("llama-embedding"), tag };
  const source = llamaCppSource();
  log(`building llama.cpp ${tag} (${TARGETS.join(", ")}) into ${build}; a few minutes, once`);
  const run = (args: string[]): void => {
    execFileSync("nice", ["-n", "10", "cmake", ...args], {
      stdio: ["ignore", "inherit", "inherit"],
    });
  };
  run([
    "-S",
    source,
    "-B",
    build,
    "-DCMAKE_BUILD_TYPE=Release",
    "-DGGML_NATIVE=ON",
    "-DGGML_OPENMP=OFF",
    "-DBUILD_SHARED_LIBS=OFF",
    "-DLLAMA_CURL=OFF",
    "-DLLAMA_OPENSSL=OFF",
    "-DLLAMA_BUILD_TESTS=OFF",
    "-DLLAMA_BUILD_SERVER=OFF",
    "-DLLAMA_BUILD_APP=OFF",
  ]);
  run(["--build", build, "--config", "Release", "-j", "2", "--target", ...TARGETS]);
  return { bench: bin("llama-bench"), embedding: bin("llama-embedding"), tag };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tools = llamaCppTools();
  console.log(`llama-bench\t${tools.bench}\nllama-embedding\t${tools.embedding}`);
  execFileSync(tools.bench, ["--help"], { stdio: "ignore" });
}
