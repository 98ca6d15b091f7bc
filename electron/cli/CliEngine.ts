/** The engine as the CLI sees it, and the few engine steps its commands share. */
import path from "node:path";
import type { MethodArgs, MethodResult } from "../../shared/contract";
import type { PolicyProblem, ResolvedPolicy } from "../../shared/policy";
import { describePolicyProblem } from "../../shared/policy";
import type { DocumentInfo } from "../../shared/types";
import type { AskOptions, EngineLockOptions } from "../engine/Engine";
import type { EngineApi } from "../engine/EngineApi";

/** The engine as the CLI drives it: the contract, and a chat model for one question (`ask --model`). */
export type CliEngine = Omit<EngineApi, "ask"> & {
  ask(args: MethodArgs<"ask">, options?: AskOptions): Promise<MethodResult<"ask">>;
};

/** What the CLI asks of the engine it opens, on top of the host's own options. */
export interface CliEngineOptions {
  /** Extra model folders to list (`models --external-dir`, `--other-tools`). */
  externalModelDirs?: string[];
  /** Always false: a command is short-lived, so it leaves a cut-short re-embed to the app or the next import. */
  resumeEmbedding: false;
  /** The managed policy, read by `readManagedPolicy` as the window reads it. */
  policy: ResolvedPolicy;
  /** "write" for commands that change anything (they take the data folder's lock), else "read". */
  access: "read" | "write";
  /** How a writer waits for the lock (`--wait`), and what it tells other processes. */
  lock?: EngineLockOptions;
}

/** Opens the engine once per command; closed by the caller. */
export type EngineOpener = (dataDir: string, options: CliEngineOptions) => Promise<CliEngine>;

/** The real engine, as `npm run enclave` and the tests run the CLI (main passes its own, with the app's version). */
export async function openEngine(dataDir: string, options: CliEngineOptions): Promise<CliEngine> {
  const { Engine } = await import("../engine/Engine");
  const { forkModelHost } = await import("../engine/forkModelHost");
  const { withInProcessFallback } = await import("../engine/llm/hostFallback");
  return Engine.create({
    dataDir,
    // Models run in a process of their own (llm/ModelHostClient.ts), in this one if it cannot start.
    modelHost: withInProcessFallback(forkModelHost(), (error) =>
      process.stderr.write(
        `enclave: models run in this process (the model process did not start: ${error.message})\n`,
      ),
    ),
    ...options,
  });
}

/** Reads the managed policy; the default is `readManagedPolicy` (the same reader as the window). */
export type PolicyReader = () => Promise<ResolvedPolicy>;

/** Managed policy forbids running (an unreadable policy store, an invalid DataDirectory). */
export class PolicyBlockedError extends Error {
  override name = "PolicyBlockedError";
  /** The exit code (EX_CONFIG in sysexits.h). */
  static readonly exitCode = 78;
  constructor(problems: PolicyProblem[]) {
    super(
      `your organisation's policy does not allow Enclave to run:\n${problems.map((p) => `  ${describePolicyProblem(p)}`).join("\n")}\nAsk your IT department to correct it.`,
    );
  }
}

/** A mistake in the command line; its message says what to type instead. */
export class CliUsageError extends Error {
  override name = "CliUsageError";
}

/** Creates the collection unless it exists (`import` into a new one). */
export async function ensureCollection(engine: EngineApi, name: string): Promise<void> {
  const list = await engine.listCollections({});
  if (!list.some((c) => c.name === name)) await engine.createCollection({ name });
}

/** Documents of one collection, or of all of them, each listed once. */
export async function listAllDocuments(
  engine: EngineApi,
  collection: string | undefined,
): Promise<DocumentInfo[]> {
  const names =
    collection !== undefined ? [collection] : (await engine.listCollections({})).map((c) => c.name);
  const seen = new Map<string, DocumentInfo>();
  for (const name of names)
    for (const d of await engine.listDocuments({ collection: name })) seen.set(d.id, d);
  return [...seen.values()];
}

/** The catalog id of a GGUF file, added to the catalog by reference when not listed yet. */
export async function catalogId(engine: EngineApi, file: string): Promise<string> {
  const abs = path.resolve(file);
  const listed = (await engine.listModels({})).models.find((m) => m.path === abs);
  const model =
    listed ??
    (await engine.addModel({ path: abs, copy: false })).models.find((m) => m.path === abs);
  if (model === undefined) throw new CliUsageError(`${file} was not added to the catalog.`);
  return model.id;
}
