import * as plist from "plist";
import type { PolicyProblem, PolicySource, ResolvedPolicy } from "../../../shared/policy";
import { resolvePolicy } from "../../../shared/policy";
import type { PolicyIo } from "./policyIo";
import { isMissing } from "./policyIo";
import { unreadableStore, withStores } from "./storeProblems";

export interface ReadMacPolicyOptions {
  io: PolicyIo;
  /** The app's bundle id, the managed-preferences domain. Default: "com.enclave.app". */
  bundleId?: string;
  /** The logged-in user, for user-scoped MDM profiles. Default: none (machine scope only). */
  userName?: string | null;
  /** Default: "/Library/Managed Preferences". */
  root?: string;
  /** plutil, by absolute path so that no plutil on the user's PATH is run. Default: "/usr/bin/plutil". */
  plutil?: string;
}

/**
 * Reads the managed preferences MDM installs for the app: the user-scoped file, then the
 * machine-wide one; a machine value wins. Binary plists are converted with /usr/bin/plutil. A
 * file that is present but unreadable or malformed blocks start-up.
 */
export async function readMacPolicy(options: ReadMacPolicyOptions): Promise<ResolvedPolicy> {
  const bundleId = options.bundleId ?? "com.enclave.app";
  const root = options.root ?? "/Library/Managed Preferences";
  const plutil = options.plutil ?? "/usr/bin/plutil";
  const files: string[] = [];
  const user = options.userName;
  // A user name is a single path segment; anything else cannot name a managed-preferences folder.
  if (user && !/[/\0]/.test(user) && user !== "." && user !== "..")
    files.push(`${root}/${user}/${bundleId}.plist`);
  files.push(`${root}/${bundleId}.plist`);
  const raw: Record<string, unknown> = {};
  const sources: Record<string, PolicySource> = {};
  const storeOf: Record<string, string> = {};
  const problems: PolicyProblem[] = [];
  for (const file of files) {
    try {
      const dict = await readPlistDict(options.io, plutil, file);
      for (const [name, value] of Object.entries(dict)) {
        // MDM adds its own bookkeeping keys to the file; they are not policies.
        if (name.startsWith("Payload")) continue;
        raw[name] = value;
        sources[name] = "managed-preferences";
        storeOf[name] = file;
      }
    } catch (error) {
      if (isMissing(error)) continue;
      problems.push(unreadableStore(file, error instanceof Error ? error.message : String(error)));
    }
  }
  return withStores(resolvePolicy(raw, sources), storeOf, problems);
}

async function readPlistDict(
  io: PolicyIo,
  plutil: string,
  file: string,
): Promise<Record<string, unknown>> {
  const bytes = await io.readFile(file);
  let xml = bytes.toString("utf8");
  if (bytes.subarray(0, 6).toString("latin1") === "bplist") {
    const converted = await io.run(plutil, ["-convert", "xml1", "-o", "-", file]);
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
