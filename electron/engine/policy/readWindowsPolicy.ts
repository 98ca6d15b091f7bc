import type { PolicyProblem, PolicySource, ResolvedPolicy } from "../../../shared/policy";
import { resolvePolicy } from "../../../shared/policy";
import { expandMachineFolders, parseRegQuery } from "./parseRegQuery";
import type { CommandRunner } from "./policyIo";
import { readRegistryKey } from "./readRegistryKey";
import { unreadableStore, withStores } from "./storeProblems";
import { windowsMachineFolders } from "./windowsMachineFolders";

export const windowsPolicyKeys = {
  machine: "HKLM\\Software\\Policies\\Enclave\\Enclave",
  user: "HKCU\\Software\\Policies\\Enclave\\Enclave",
} as const;

export interface ReadWindowsPolicyOptions {
  /** Runs reg.exe. */
  run: CommandRunner;
  /** The Windows folder (reg.exe is `<systemRoot>\System32\reg.exe`); null when unknown. */
  systemRoot: string | null;
}

/** reg.exe in the machine's system folder, never one found through PATH or the working folder. */
export function regExePath(systemRoot: string): string {
  return `${systemRoot}\\System32\\reg.exe`;
}

/**
 * Reads the machine (HKLM) and user (HKCU) policy keys; a value under HKLM wins. A missing key
 * is normal (no policy deployed); a key that exists but cannot be read blocks start-up.
 */
export async function readWindowsPolicy(
  options: ReadWindowsPolicyOptions,
): Promise<ResolvedPolicy> {
  if (options.systemRoot === null) {
    const resolved = resolvePolicy({}, "none");
    resolved.problems.push(
      unreadableStore(
        windowsPolicyKeys.machine,
        "the Windows system folder, where reg.exe is, could not be found",
      ),
    );
    return resolved;
  }
  const regExe = regExePath(options.systemRoot);
  const raw: Record<string, unknown> = {};
  const sources: Record<string, PolicySource> = {};
  const storeOf: Record<string, string> = {};
  const problems: PolicyProblem[] = [];
  let folders: Promise<Map<string, string>> | undefined;
  // HKCU first so that HKLM, read second, overwrites it.
  for (const [hive, source] of [
    ["user", "registry-hkcu"],
    ["machine", "registry-hklm"],
  ] as const) {
    const key = windowsPolicyKeys[hive];
    const read = await readRegistryKey(options.run, regExe, key);
    if (read.kind === "absent") continue;
    if (read.kind === "unreadable") {
      problems.push(unreadableStore(key, read.reason));
      continue;
    }
    for (const [name, { type, value }] of parseRegQuery(read.output)) {
      if (type === "REG_EXPAND_SZ" && typeof value === "string") {
        folders ??= windowsMachineFolders(options.run, regExe, options.systemRoot);
        raw[name] = expandMachineFolders(value, await folders);
      } else {
        raw[name] = value;
      }
      sources[name] = source;
      storeOf[name] = key;
    }
  }
  return withStores(resolvePolicy(raw, sources), storeOf, problems);
}
