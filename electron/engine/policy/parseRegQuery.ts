import { InvalidPolicyValue } from "../../../shared/policy";

/**
 * Parses the text `reg query <key>` prints, e.g.
 *
 *     HKEY_LOCAL_MACHINE\Software\Policies\Enclave\Enclave
 *         DisableExport    REG_DWORD    0x1
 *         ModelsDirectory    REG_SZ    D:\Models
 *         AllowedModelHashes    REG_MULTI_SZ    abc…\0def…
 *
 * into name -> value: REG_DWORD/REG_QWORD become numbers, REG_MULTI_SZ a string array.
 * REG_EXPAND_SZ stays as printed (unexpanded): see `expandMachineFolders`.
 */
export interface RegistryValue {
  type: string;
  value: string | number | string[];
}

const line = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

export function parseRegQuery(output: string): Map<string, RegistryValue> {
  const values = new Map<string, RegistryValue>();
  for (const raw of output.split(/\r?\n/)) {
    // Trailing blanks are not data: reg query pads lines and prints empty strings as nothing.
    const match = line.exec(raw.trimEnd());
    if (!match) continue;
    const [, name = "", type = "", data = ""] = match;
    values.set(name, { type, value: convert(type, data) });
  }
  return values;
}

function convert(type: string, data: string): RegistryValue["value"] {
  switch (type) {
    case "REG_DWORD":
    case "REG_QWORD":
      return /^0x[0-9a-f]+$/i.test(data) ? Number.parseInt(data, 16) : data;
    case "REG_MULTI_SZ":
      return data === "" ? [] : data.split("\\0").filter((s) => s !== "");
    default:
      // REG_SZ, REG_EXPAND_SZ and anything else stay text; the schema decides whether it is valid.
      return data;
  }
}

/** The full names of the subkeys `reg query <key>` lists, lower-cased (e.g. "hkey_local_machine\\software\\policies\\enclave"). */
export function listedSubkeys(output: string): Set<string> {
  const keys = new Set<string>();
  for (const raw of output.split(/\r?\n/)) {
    const text = raw.trim();
    if (/^HKEY_/i.test(text)) keys.add(text.toLowerCase());
  }
  return keys;
}

/**
 * Expands %NAME% (case-insensitive, like Windows) from `folders`, the machine-wide folders
 * resolved from the machine itself. Anything else (a user variable such as %USERPROFILE% or
 * %APPDATA%, one the user defined, a typo) makes the whole value invalid rather than leaving
 * the user a way to redirect it.
 */
export function expandMachineFolders(
  data: string,
  folders: ReadonlyMap<string, string>,
): string | InvalidPolicyValue {
  const unknown: string[] = [];
  const expanded = data.replace(/%([^%]+)%/g, (whole, name: string) => {
    const folder = folders.get(name.toLowerCase());
    if (folder === undefined) unknown.push(whole);
    return folder ?? whole;
  });
  if (unknown.length === 0) return expanded;
  return new InvalidPolicyValue(
    `${unknown.join(", ")} is not a machine-wide folder Enclave expands (only ${[...machineFolderNames].join(", ")})`,
  );
}

/** The variables a REG_EXPAND_SZ policy value may use, as Windows spells them. */
export const machineFolderNames = [
  "%SystemRoot%",
  "%windir%",
  "%SystemDrive%",
  "%ProgramData%",
  "%ALLUSERSPROFILE%",
  "%ProgramFiles%",
  "%ProgramFiles(x86)%",
  "%ProgramW6432%",
  "%CommonProgramFiles%",
  "%CommonProgramFiles(x86)%",
  "%CommonProgramW6432%",
] as const;
