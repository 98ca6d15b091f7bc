import { expandMachineFolders, parseRegQuery } from "./parseRegQuery";
import type { CommandRunner } from "./policyIo";
import { readRegistryKey } from "./readRegistryKey";

/** Registry values (HKLM, writable only by administrators) that hold the machine's folders. */
const currentVersion = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion";
const profileList = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList";
const fromCurrentVersion: Record<string, string> = {
  ProgramFilesDir: "programfiles",
  "ProgramFilesDir (x86)": "programfiles(x86)",
  ProgramW6432Dir: "programw6432",
  CommonFilesDir: "commonprogramfiles",
  "CommonFilesDir (x86)": "commonprogramfiles(x86)",
  CommonW6432Dir: "commonprogramw6432",
};

/**
 * The machine-wide folders a REG_EXPAND_SZ policy value may name, lower-cased name -> path:
 * %SystemRoot%, %windir% and %SystemDrive% from the system folder the loader used, the others
 * from HKLM. Never from the environment, which the user controls. A folder that cannot be
 * resolved is left out, so a value naming it is invalid.
 */
export async function windowsMachineFolders(
  run: CommandRunner,
  regExe: string,
  systemRoot: string,
): Promise<Map<string, string>> {
  const folders = new Map<string, string>([
    ["systemroot", systemRoot],
    ["windir", systemRoot],
    ["systemdrive", systemRoot.slice(0, 2)],
  ]);
  const versions = await readRegistryKey(run, regExe, currentVersion);
  if (versions.kind === "present") {
    for (const [name, { value }] of parseRegQuery(versions.output)) {
      const variable = fromCurrentVersion[name];
      if (variable !== undefined && typeof value === "string") folders.set(variable, value);
    }
  }
  const profiles = await readRegistryKey(run, regExe, profileList);
  if (profiles.kind === "present") {
    const programData = parseRegQuery(profiles.output).get("ProgramData")?.value;
    // Stored as %SystemDrive%\ProgramData.
    const expanded =
      typeof programData === "string" ? expandMachineFolders(programData, folders) : null;
    if (typeof expanded === "string") {
      folders.set("programdata", expanded);
      folders.set("allusersprofile", expanded);
    }
  }
  return folders;
}
