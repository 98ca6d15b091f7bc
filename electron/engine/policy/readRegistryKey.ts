import { listedSubkeys } from "./parseRegQuery";
import type { CommandRunner } from "./policyIo";

/** A registry key as the real reg.exe sees it. */
export type RegistryKeyRead =
  { kind: "present"; output: string } | { kind: "absent" } | { kind: "unreadable"; reason: string };

const hives: Record<string, string> = {
  hklm: "hkey_local_machine",
  hkcu: "hkey_current_user",
};

/** The key's full name, lower-cased, as `reg query` prints it ("HKLM\\X" -> "hkey_local_machine\\x"). */
function fullName(key: string): string {
  const [hive = "", ...rest] = key.toLowerCase().split("\\");
  return [hives[hive] ?? hive, ...rest].join("\\");
}

/**
 * Runs `reg query <key>` with `regExe` (an absolute path). reg.exe fails alike, and prints a
 * message in the system's language, for "no such key" and "access denied", so a failure is
 * told apart by listing the parent key: a key its parent does not list is absent (no policy
 * deployed); one it lists, or whose parent cannot be read either, is unreadable.
 */
export async function readRegistryKey(
  run: CommandRunner,
  regExe: string,
  key: string,
): Promise<RegistryKeyRead> {
  const result = await run(regExe, ["query", key]);
  if (result.code === 0) return { kind: "present", output: result.stdout };
  if ((await isListed(run, regExe, key)) === false) return { kind: "absent" };
  return { kind: "unreadable", reason: result.stderr.trim() || `reg.exe exit ${result.code}` };
}

/** Whether the parent of `key` lists it; "unknown" when that cannot be told. */
async function isListed(
  run: CommandRunner,
  regExe: string,
  key: string,
): Promise<boolean | "unknown"> {
  const cut = key.lastIndexOf("\\");
  if (cut < 0) return "unknown";
  const parent = key.slice(0, cut);
  const result = await run(regExe, ["query", parent]);
  if (result.code !== 0) return (await isListed(run, regExe, parent)) === false ? false : "unknown";
  return listedSubkeys(result.stdout).has(fullName(key));
}
