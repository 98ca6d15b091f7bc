import type { ResolvedPolicy } from "../../../shared/policy";
import { resolvePolicy } from "../../../shared/policy";
import type { PolicyIo } from "./policyIo";
import { defaultPolicyIo } from "./policyIo";
import { readLinuxPolicy } from "./readLinuxPolicy";
import { readMacPolicy } from "./readMacPolicy";
import { readWindowsPolicy } from "./readWindowsPolicy";

export interface ReadManagedPolicyOptions {
  /** Default: process.platform. */
  platform?: NodeJS.Platform;
  /** Commands, files and stat. Default: the real OS. Tests pass fixtures. */
  io?: Partial<PolicyIo>;
  /** For REG_EXPAND_SZ. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** macOS managed-preferences domain. Default: "com.enclave.app" (the appId in electron-builder.yml). */
  bundleId?: string;
  /** macOS user for user-scoped profiles. Default: none. */
  userName?: string;
  /** Linux policy file. Default: "/etc/enclave/policy.json". */
  linuxPolicyFile?: string;
}

/** The administrator's policy for this OS. Never throws: failures become `problems`. */
export async function readManagedPolicy(
  options: ReadManagedPolicyOptions = {},
): Promise<ResolvedPolicy> {
  const io: PolicyIo = { ...defaultPolicyIo, ...options.io };
  const platform = options.platform ?? process.platform;
  try {
    if (platform === "win32") return await readWindowsPolicy({ run: io.run, env: options.env });
    if (platform === "darwin")
      return await readMacPolicy({ io, bundleId: options.bundleId, userName: options.userName });
    // Linux and the other Unixes share the root-owned policy file.
    return await readLinuxPolicy({ io, file: options.linuxPolicyFile });
  } catch (error) {
    // The readers catch their own failures; this guards the promise the caller awaits at startup.
    const resolved = resolvePolicy({}, "none");
    resolved.problems.push({
      key: "policy",
      message: `Reading managed policy failed (${error instanceof Error ? error.message : String(error)}); no policy is applied.`,
      blocking: false,
    });
    return resolved;
  }
}
