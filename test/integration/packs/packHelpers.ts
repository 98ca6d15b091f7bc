/** The CLI in-process over the real engine, with a managed policy the test chooses. */
import path from "node:path";
import { Engine } from "../../../electron/engine/Engine";
import type { Embedder } from "../../../electron/engine/llm/types";
import { managedPolicy, runCliCapture, type CapturedCliRun } from "../../fixtures/runCliCapture";

export type CliResult = CapturedCliRun;

export interface CliSetup {
  dataDir: string;
  /** Raw policy values, as /etc/enclave/policy.json would hold them. Default: none. */
  policy?: Record<string, unknown>;
  embedder?: Embedder | null;
}

export function cli(setup: CliSetup, ...args: string[]): Promise<CliResult> {
  return runCliCapture(
    ["--data-dir", setup.dataDir, ...args],
    (dataDir, options, stderr) =>
      Engine.create({
        dataDir,
        bundledModelsDir: path.join(setup.dataDir, "no-models"),
        ...options,
        log: stderr,
        overrides: setup.embedder === undefined ? undefined : { embedder: setup.embedder },
      }),
    managedPolicy(setup.policy),
  );
}

/** The last line of stdout as JSON (the CLI's --json output). */
export function lastJson<T>(run: CliResult): T {
  if (run.code !== 0) throw new Error(`CLI exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop() ?? "") as T;
}
