import * as plist from "plist";
import type { PolicySource, ResolvedPolicy } from "../../../shared/policy";
import { resolvePolicy } from "../../../shared/policy";
import type { PolicyIo } from "./policyIo";
import { isMissing } from "./policyIo";

export interface ReadMacPolicyOptions {
  io: PolicyIo;
  /** The app's bundle id, the managed-preferences domain. Default: "com.enclave.app". */
  bundleId?: string;
  /** The logged-in user, for user-scoped MDM profiles. Default: none (machine scope only). */
  userName?: string;
  /** Default: "/Library/Managed Preferences". */
  root?: string;
}

/**
 * Reads the managed preferences MDM installs for the app: the machine-wide file, then the
 * user-scoped one; a machine value wins. Binary plists are converted with `plutil`.
 */
export async function readMacPolicy(options: ReadMacPolicyOptions): Promise<ResolvedPolicy> {
  const bundleId = options.bundleId ?? "com.enclave.app";
  const root = options.root ?? "/Library/Managed Preferences";
  const files: string[] = [];
  if (options.userName) files.push(`${root}/${options.userName}/${bundleId}.plist`);
  files.push(`${root}/${bundleId}.plist`);
  const raw: Record<string, unknown> = {};
  const sources: Record<string, PolicySource> = {};
  const problems: ResolvedPolicy["problems"] = [];
  for (const file of files) {
    try {
      const dict = await readPlistDict(options.io, file);
      for (const [name, value] of Object.entries(dict)) {
        // MDM adds its own bookkeeping keys to the file; they are not policies.
        if (name.startsWith("Payload")) continue;
        raw[name] = value;
        sources[name] = "managed-preferences";
      }
    } catch (error) {
      if (isMissing(error)) continue;
      problems.push({
        key: file,
        message: `Could not read ${file} (${error instanceof Error ? error.message : String(error)}); its policies are not applied.`,
        blocking: false,
      });
    }
  }
  const resolved = resolvePolicy(raw, sources);
  resolved.problems.unshift(...problems);
  return resolved;
}

async function readPlistDict(io: PolicyIo, file: string): Promise<Record<string, unknown>> {
  const bytes = await io.readFile(file);
  let xml = bytes.toString("utf8");
  if (bytes.subarray(0, 6).toString("latin1") === "bplist") {
    const converted = await io.run("plutil", ["-convert", "xml1", "-o", "-", file]);
    if (converted.code !== 0)
      throw new Error(`plutil could not convert the binary plist: ${converted.stderr.trim()}`);
    xml = converted.stdout;
  }
  const parsed = plist.parse(xml);
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    Array.isArray(parsed) ||
    parsed instanceof Date ||
    Buffer.isBuffer(parsed)
  ) {
    throw new Error("the plist's top level is not a dictionary");
  }
  return parsed as Record<string, unknown>;
}
