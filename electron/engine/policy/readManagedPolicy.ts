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
  /** Commands, files, stat, the system folder and the user. Default: the real OS. Tests pass fixtures. */
  io?: Partial<PolicyIo>;
  /** macOS managed-preferences domain. Default: "com.enclave.app" (the appId in electron-builder.yml). */
  bundleId?: string;
  /** macOS plutil. Default: "/usr/bin/plutil". */
  plutil?: string;
  /** Linux policy file. Default: "/etc/enclave/policy.json". */
  linuxPolicyFile?: string;
}

/**
 * The administrator's policy for this OS: the one reader the window, `Enclave --cli` and the
 * `enclave` CLI all use. Never throws: failures become `problems`, and a policy store that is
 * present but unreadable becomes a blocking one.
 */
export async function readManagedPolicy(
  options: ReadManagedPolicyOptions = {},
): Promise<ResolvedPolicy> {
  const io: PolicyIo = { ...defaultPolicyIo, ...options.io };
  const platform = options.platform ?? process.platform;
  try {
    if (platform === "win32")
      return await readWindowsPolicy({ run: io.run, systemRoot: io.windowsSystemRoot() });
    if (platform === "darwin")
      return await readMacPolicy({
        io,
        bundleId: options.bundleId,
        userName: io.userName(),
        plutil: options.plutil,
      });
    // Linux and the other Unixes share the root-owned policy file.
    return await readLinuxPolicy({ io, file: options.linuxPolicyFile });
  } catch (error) {
    // The readers catch their own failures; this guards the promise the caller awaits at startup.
    const resolved = resolvePolicy({}, "none");
    resolved.problems.push({
      key: "policy",
      message: `Reading managed policy failed (${error instanceof Error ? error.message : String(error)}); Enclave will not start until this is fixed, because the policy it could not read may restrict it.`,
      blocking: true,
    });
    return resolved;
  }
}
