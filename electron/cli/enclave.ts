/**
 * `enclave` — the engine, headless: for admins' scripts, for our own checks, and behind
 * `Enclave --cli …` in the installed app. Same engine and contract as the desktop app.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Command, CommanderError } from "commander";
import { blockingProblems, type ResolvedPolicy } from "../../shared/policy";
import { readManagedPolicy } from "../engine/policy/readManagedPolicy";
import { defaultDataDir } from "../engine/paths";
import { addAdminCommands } from "./adminCommands";
import { auditCommand } from "./auditCommand";
import type { CliContext, CliIo } from "./CliContext";
import {
  CliUsageError,
  openEngine,
  PolicyBlockedError,
  type CliEngine,
  type EngineOpener,
  type PolicyReader,
} from "./CliEngine";
import { addLibraryCommands } from "./libraryCommands";
import { addQuestionCommands } from "./questionCommands";
import { addRebuildCommand } from "./rebuildCommand";

export type { CliIo } from "./CliContext";

interface GlobalOptions {
  dataDir: string;
  showRefusals?: boolean;
}

let requestCounter = 0;
const nextRequestId = (): string => `cli-${process.pid}-${++requestCounter}`;

/**
 * Runs the CLI with user arguments (no node/script prefix) and resolves to the exit code.
 * Managed policy is read before the engine opens, as the window reads it: a blocking problem
 * stops the command with exit code 78, and DataDirectory decides the data folder.
 */
export async function runCli(
  args: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
  open: EngineOpener = openEngine,
  readPolicy: PolicyReader = () => readManagedPolicy(),
): Promise<number> {
  const print = (line: string): void => void io.stdout.write(`${line}\n`);
  const warn = (line: string): void => void io.stderr.write(`${line}\n`);
  let exitCode = 0;

  const program = new Command("enclave")
    .description("Enclave: answers from your documents, cited to the page, offline.")
    .option("--data-dir <dir>", "data folder", defaultDataDir())
    .option("--show-refusals", "print the network connections the engine refused, at exit")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    });

  const withEngine = async <T>(
    fn: (engine: CliEngine) => Promise<T>,
    externalModelDirs?: string[],
  ): Promise<T> => {
    const globals = program.opts<GlobalOptions>();
    const policy = await readPolicy();
    const blocking = blockingProblems(policy);
    if (blocking.length > 0) throw new PolicyBlockedError(blocking);
    const dataDir = policyDataDir(policy, globals.dataDir, program.getOptionValueSource("dataDir"));
    const engine = await open(dataDir, { externalModelDirs, resumeEmbedding: false, policy });
    try {
      return await fn(engine);
    } finally {
      if (globals.showRefusals === true) {
        const refusals = engine.guardRefusals();
        warn(
          refusals.length === 0
            ? "Network: no connection attempted."
            : `Network: refused ${refusals.length} connection(s):`,
        );
        for (const r of refusals) warn(`  ${r.at} ${r.kind} ${r.target}`);
      }
      await engine.close();
    }
  };

  const context: CliContext = {
    io,
    print,
    warn,
    withEngine,
    nextRequestId,
    setExitCode: (code) => (exitCode = code),
  };
  addLibraryCommands(program, context);
  addQuestionCommands(program, context);
  addAdminCommands(program, context);
  addRebuildCommand(program, context);
  program.addCommand(auditCommand(print, context.setExitCode));

  try {
    await program.parseAsync(args, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 64;
    warn(`enclave: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof PolicyBlockedError ? PolicyBlockedError.exitCode : 1;
  }
}

/** The administrator's DataDirectory when set (a different `--data-dir` is refused), else `--data-dir`. */
function policyDataDir(policy: ResolvedPolicy, dataDir: string, given: string | undefined): string {
  const managed = policy.values.DataDirectory;
  if (managed === null) return path.resolve(dataDir);
  if (given === "cli" && path.resolve(dataDir) !== path.resolve(managed))
    throw new CliUsageError(
      `--data-dir ${dataDir} is not allowed: managed policy DataDirectory puts the data in ${managed}. Leave out --data-dir.`,
    );
  return path.resolve(managed);
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.exitCode = await runCli(process.argv.slice(2));
}
