/** The CLI in-process over the real engine, with a managed policy the test chooses. */
import path from "node:path";
import { PassThrough } from "node:stream";
import { runCli, type CliIo } from "../../../electron/cli/enclave";
import { Engine } from "../../../electron/engine/Engine";
import type { Embedder } from "../../../electron/engine/llm/types";
import { resolvePolicy } from "../../../shared/policy";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliSetup {
  dataDir: string;
  /** Raw policy values, as /etc/enclave/policy.json would hold them. Default: none. */
  policy?: Record<string, unknown>;
  embedder?: Embedder | null;
}

export async function cli(setup: CliSetup, ...args: string[]): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = "";
  let stderr = "";
  out.on("data", (d: Buffer) => (stdout += d.toString()));
  err.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await runCli(
    ["--data-dir", setup.dataDir, ...args],
    { stdout: out, stderr: err as unknown as CliIo["stderr"] },
    (dataDir, options) =>
      Engine.create({
        dataDir,
        bundledModelsDir: path.join(setup.dataDir, "no-models"),
        ...options,
        log: (line) => void err.write(`${line}\n`),
        overrides: setup.embedder === undefined ? undefined : { embedder: setup.embedder },
      }),
    () => Promise.resolve(resolvePolicy(setup.policy ?? {}, "policy-file")),
  );
  return { code, stdout, stderr };
}

/** The last line of stdout as JSON (the CLI's --json output). */
export function lastJson<T>(run: CliResult): T {
  if (run.code !== 0) throw new Error(`CLI exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop() ?? "") as T;
}
