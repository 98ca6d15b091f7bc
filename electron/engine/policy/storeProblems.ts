import type { PolicyProblem, ResolvedPolicy } from "../../../shared/policy";

/**
 * A policy store that is present but cannot be read or parsed. It blocks start-up: starting
 * without its policy would let whoever broke it switch policy off.
 */
export function unreadableStore(store: string, reason: string): PolicyProblem {
  return {
    key: store,
    store,
    message: `${store} is present but could not be read (${reason}). Enclave will not start until an administrator fixes or removes it.`,
    blocking: true,
  };
}

/** Adds the store each key came from to the problems `resolvePolicy` reported. */
export function withStores(
  resolved: ResolvedPolicy,
  storeOf: Readonly<Record<string, string>>,
  readProblems: PolicyProblem[],
): ResolvedPolicy {
  for (const problem of resolved.problems) problem.store ??= storeOf[problem.key];
  resolved.problems.unshift(...readProblems);
  return resolved;
}
