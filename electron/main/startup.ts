/** Decisions made at startup, before any window: CLI or GUI, and where the data lives. */
import { describePolicyProblem, type ResolvedPolicy } from "../../shared/policy";

/**
 * The CLI's arguments when the app was started with `--cli`, else null. Everything after the
 * flag belongs to the CLI; what precedes it (the executable, ".", Chromium switches) does not.
 */
export function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf("--cli");
  return at === -1 ? null : argv.slice(at + 1);
}

/** The data folder: the administrator's DataDirectory when set, else Electron's userData. */
export function resolveDataDir(userData: string, policy: Pick<ResolvedPolicy, "values">): string {
  return policy.values.DataDirectory ?? userData;
}

/**
 * Messages of policy problems that forbid starting (an invalid DataDirectory, a policy store
 * that is present but unreadable), each naming the store and the key.
 */
export function blockingProblems(policy: Pick<ResolvedPolicy, "problems">): string[] {
  return policy.problems.filter((problem) => problem.blocking).map(describePolicyProblem);
}
