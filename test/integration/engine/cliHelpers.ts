/** Runs the real CLI (electron/cli/enclave.ts) in a child process, as admins and CI do. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const cliEntry = path.join(repo, "electron", "cli", "enclave.ts");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Node with tsx, so the TypeScript CLI runs without a build; `prefix` wraps it (e.g. unshare). */
function command(args: string[], prefix: string[] = []): { cmd: string; argv: string[] } {
  const node = [process.execPath, "--import", "tsx", cliEntry, ...args];
  return prefix.length === 0
    ? { cmd: node[0] as string, argv: node.slice(1) }
    : { cmd: prefix[0] as string, argv: [...prefix.slice(1), ...node] };
}

export function runCliSync(
  args: string[],
  options: { prefix?: string[]; timeoutMs?: number } = {},
): CliRun {
  const { cmd, argv } = command(args, options.prefix);
  const r = spawnSync(cmd, argv, {
    cwd: repo,
    encoding: "utf8",
    timeout: options.timeoutMs ?? 120_000,
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function spawnCli(args: string[]): ChildProcess {
  const { cmd, argv } = command(args);
  return spawn(cmd, argv, {
    cwd: repo,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0" },
  });
}

/**
 * Starts the CLI, kills it with SIGKILL after `ms` unless it has ended, and resolves once it has
 * exited: true when it was killed midway.
 */
export async function killAfter(args: string[], ms: number): Promise<boolean> {
  const child = spawnCli(args);
  const exited = new Promise((r) => child.once("exit", r));
  await new Promise((r) => setTimeout(r, ms));
  let killed = false;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    killed = true;
  }
  await exited;
  return killed;
}

export function json<T>(run: CliRun): T {
  if (run.code !== 0 && run.code !== 2) throw new Error(`CLI exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop() ?? "") as T;
}
