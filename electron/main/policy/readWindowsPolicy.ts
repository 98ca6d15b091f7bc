import type { PolicySource, ResolvedPolicy } from "../../../shared/policy";
import { resolvePolicy } from "../../../shared/policy";
import { parseRegQuery } from "./parseRegQuery";
import type { CommandRunner } from "./policyIo";

export const windowsPolicyKeys = {
  machine: "HKLM\\Software\\Policies\\Enclave\\Enclave",
  user: "HKCU\\Software\\Policies\\Enclave\\Enclave",
} as const;

export interface ReadWindowsPolicyOptions {
  /** Runs `reg query`. Default: the real reg.exe. */
  run: CommandRunner;
  /** Variables for REG_EXPAND_SZ values. Default: process.env. */
  env?: Record<string, string | undefined>;
}

/**
 * Reads the machine (HKLM) and user (HKCU) policy keys; a value under HKLM wins. A missing key
 * is normal (no policy deployed); a failing reg.exe is reported as a problem.
 */
export async function readWindowsPolicy(
  options: ReadWindowsPolicyOptions,
): Promise<ResolvedPolicy> {
  const env = options.env ?? process.env;
  const raw: Record<string, unknown> = {};
  const sources: Record<string, PolicySource> = {};
  const problems: ResolvedPolicy["problems"] = [];
  // HKCU first so that HKLM, read second, overwrites it.
  for (const [hive, source] of [
    ["user", "registry-hkcu"],
    ["machine", "registry-hklm"],
  ] as const) {
    const key = windowsPolicyKeys[hive];
    const result = await options.run("reg", ["query", key]);
    if (result.code !== 0) {
      if (!/unable to find/i.test(result.stderr + result.stdout)) {
        problems.push({
          key: key,
          message: `Could not read ${key} (${result.stderr.trim() || `exit ${result.code}`}); policies there are not applied.`,
          blocking: false,
        });
      }
      continue;
    }
    for (const [name, { value }] of parseRegQuery(result.stdout, env)) {
      raw[name] = value;
      sources[name] = source;
    }
  }
  const resolved = resolvePolicy(raw, sources);
  resolved.problems.unshift(...problems);
  return resolved;
}
