/**
 * `enclave` — the engine, headless: for admins' scripts, for our own checks, and behind
 * `Enclave --cli …` in the installed app. Same engine and contract as the desktop app.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Command, CommanderError } from "commander";
import { blockingProblems, type ResolvedPolicy } from "../../shared/policy";
import { auditDirFor } from "../engine/audit/openAuditLog";
import { DISK_FULL_MESSAGE, isDiskFull } from "../engine/support/diskFull";
import { readManagedPolicy } from "../engine/policy/readManagedPolicy";
import { defaultDataDir } from "../engine/paths";
import { DataFolderInUseError, describeHolder } from "../engine/support/DataFolderLock";
import { addAdminCommands } from "./adminCommands";
import { auditCommand } from "./auditCommand";
import { EXIT_INTERRUPTED, type CliContext, type CliIo } from "./CliContext";
import {
  CliUsageError,
  openEngine,
  PolicyBlockedError,
  type CliEngine,
  type EngineOpener,
  type PolicyReader,
} from "./CliEngine";
import { addLibraryCommands } from "./libraryCommands";
import { addPackCommands } from "./packCommands";
import { addQuestionCommands } from "./questionCommands";
import { addRebuildCommand } from "./rebuildCommand";
import { addSyncCommands } from "./syncCommands";

export type { CliIo } from "./CliContext";

interface GlobalOptions {
  dataDir: string;
  showRefusals?: boolean;
  wait: number;
}

/** How long a writing command waits, by default, for another writer on the same data folder. */
const DEFAULT_WAIT_SECONDS = 120;
/** Exit code when the data folder stayed in use by another writer (EX_TEMPFAIL). */
export const EXIT_IN_USE = 75;

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
    .option(
      "--wait <seconds>",
      "how long a command that writes waits for another process writing to the same data folder (0: exit at once)",
      parseWaitSeconds,
      DEFAULT_WAIT_SECONDS,
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    });

  const openFor = async <T>(
    access: "read" | "write",
    fn: (engine: CliEngine) => Promise<T>,
    externalModelDirs?: string[],
  ): Promise<T> => {
    const globals = program.opts<GlobalOptions>();
    const policy = await readPolicy();
    const blocking = blockingProblems(policy);
    if (blocking.length > 0) throw new PolicyBlockedError(blocking);
    const dataDir = policyDataDir(policy, globals.dataDir, program.getOptionValueSource("dataDir"));
    const waitMs = globals.wait * 1000;
    // Under an audit policy a search or listing is an access to case data that must be logged,
    // and only the writer holding the data folder writes the log: such commands open as writers.
    const audited = auditDirFor(policy.values, dataDir) !== null;
    const engine = await open(dataDir, {
      externalModelDirs,
      resumeEmbedding: false,
      policy,
      access: audited ? "write" : access,
      lock: {
        waitMs,
        command: `enclave ${args.join(" ")}`,
        onWait: (holder) =>
          warn(
            `enclave: the data folder is in use by ${describeHolder(holder)}; waiting up to ${globals.wait} s (--wait) for it to finish…`,
          ),
      },
    });
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
    withEngine: (fn) => openFor("write", fn),
    withReader: (fn, externalModelDirs) => openFor("read", fn, externalModelDirs),
    nextRequestId,
    setExitCode: (code) => (exitCode = code),
    onInterrupt: (listener) => {
      let interrupted = false;
      const onSigint = (): void => {
        if (interrupted) {
          warn("enclave: stopped at once.");
          process.exit(EXIT_INTERRUPTED);
        }
        interrupted = true;
        listener();
      };
      process.on("SIGINT", onSigint);
      // Once stopping, the handler stays until the process ends: a second Ctrl-C during the
      // wind-down still means "quit at once" (exit 130), not a kill by the signal.
      return () => {
        if (!interrupted) process.off("SIGINT", onSigint);
      };
    },
  };
  addLibraryCommands(program, context);
  addQuestionCommands(program, context);
  addAdminCommands(program, context);
  addRebuildCommand(program, context);
  addPackCommands(program, context);
  addSyncCommands(program, context);
  program.addCommand(auditCommand(print, context.setExitCode));

  try {
    await program.parseAsync(args, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 64;
    warn(
      `enclave: ${isDiskFull(error) ? DISK_FULL_MESSAGE : error instanceof Error ? error.message : String(error)}`,
    );
    if (error instanceof PolicyBlockedError) return PolicyBlockedError.exitCode;
    return error instanceof DataFolderInUseError ? EXIT_IN_USE : 1;
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

function parseWaitSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 86_400)
    throw new CliUsageError("--wait takes a number of seconds from 0 to 86400.");
  return n;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.exitCode = await runCli(process.argv.slice(2));
}
