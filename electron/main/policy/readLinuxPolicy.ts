import type { ResolvedPolicy } from "../../../shared/policy";
import { resolvePolicy } from "../../../shared/policy";
import type { PolicyIo } from "./policyIo";
import { isMissing } from "./policyIo";

export interface ReadLinuxPolicyOptions {
  io: PolicyIo;
  /** Default: "/etc/enclave/policy.json". */
  file?: string;
}

/**
 * Reads /etc/enclave/policy.json. The file, and the folder holding it, must belong to root and
 * be writable by nobody else; otherwise any local user could set policy, so it is ignored and
 * the reason reported.
 */
export async function readLinuxPolicy(options: ReadLinuxPolicyOptions): Promise<ResolvedPolicy> {
  const file = options.file ?? "/etc/enclave/policy.json";
  const folder = file.slice(0, Math.max(1, file.lastIndexOf("/")));
  const refuse = (message: string): ResolvedPolicy => {
    const resolved = resolvePolicy({}, "none");
    resolved.problems.push({ key: file, message, blocking: false });
    return resolved;
  };
  try {
    const fileStat = await options.io.stat(file);
    if (!fileStat.isFile) return refuse(`${file} is not a regular file; it is ignored.`);
    for (const [what, s] of [
      ["file", fileStat],
      ["folder", await options.io.stat(folder)],
    ] as const) {
      const path = what === "file" ? file : folder;
      if (s.uid !== 0)
        return refuse(
          `${path} is ignored because it is not owned by root: run \`sudo chown root:root ${path}\`.`,
        );
      if ((s.mode & 0o022) !== 0)
        return refuse(
          `${path} is ignored because group or others can write it: run \`sudo chmod go-w ${path}\`.`,
        );
    }
    const text = (await options.io.readFile(file)).toString("utf8");
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return refuse(
        `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); no policy from it is applied.`,
      );
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return refuse(
        `${file} must hold one JSON object of policy keys; no policy from it is applied.`,
      );
    }
    return resolvePolicy(parsed as Record<string, unknown>, "policy-file");
  } catch (error) {
    if (isMissing(error)) return resolvePolicy({}, "none");
    return refuse(
      `Could not read ${file} (${error instanceof Error ? error.message : String(error)}); no policy from it is applied.`,
    );
  }
}
