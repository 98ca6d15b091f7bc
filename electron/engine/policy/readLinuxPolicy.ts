import type { PolicyProblem, ResolvedPolicy } from "../../../shared/policy";
import { resolvePolicy } from "../../../shared/policy";
import type { PolicyIo } from "./policyIo";
import { isMissing } from "./policyIo";
import { unreadableStore, withStores } from "./storeProblems";

export interface ReadLinuxPolicyOptions {
  io: PolicyIo;
  /** Default: "/etc/enclave/policy.json". */
  file?: string;
}

/**
 * Reads /etc/enclave/policy.json. The file, and the folder holding it, must belong to root and
 * be writable by nobody else; otherwise any local user could have put it there (or could
 * remove it), so it is ignored and the reason reported. A trusted file that cannot be read or
 * is not one JSON object blocks start-up.
 */
export async function readLinuxPolicy(options: ReadLinuxPolicyOptions): Promise<ResolvedPolicy> {
  const file = options.file ?? "/etc/enclave/policy.json";
  const folder = file.slice(0, Math.max(1, file.lastIndexOf("/")));
  const fail = (problem: PolicyProblem): ResolvedPolicy => {
    const resolved = resolvePolicy({}, "none");
    resolved.problems.push(problem);
    return resolved;
  };
  const ignore = (message: string): ResolvedPolicy =>
    fail({ key: file, store: file, message, blocking: false });
  try {
    const fileStat = await options.io.stat(file);
    if (!fileStat.isFile) return ignore(`${file} is not a regular file; it is ignored.`);
    for (const [what, s] of [
      ["file", fileStat],
      ["folder", await options.io.stat(folder)],
    ] as const) {
      const path = what === "file" ? file : folder;
      if (s.uid !== 0)
        return ignore(
          `${path} is ignored because it is not owned by root: run \`sudo chown root:root ${path}\`.`,
        );
      if ((s.mode & 0o022) !== 0)
        return ignore(
          `${path} is ignored because group or others can write it: run \`sudo chmod go-w ${path}\`.`,
        );
    }
    const text = (await options.io.readFile(file)).toString("utf8");
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return fail(
        unreadableStore(
          file,
          `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      return fail(unreadableStore(file, "it must hold one JSON object of policy keys"));
    const raw = parsed as Record<string, unknown>;
    const storeOf = Object.fromEntries(Object.keys(raw).map((key) => [key, file]));
    return withStores(resolvePolicy(raw, "policy-file"), storeOf, []);
  } catch (error) {
    if (isMissing(error)) return resolvePolicy({}, "none");
    return fail(unreadableStore(file, error instanceof Error ? error.message : String(error)));
  }
}
