/** Fake OS facts for the policy readers: files with owners, a registry behind reg.exe. */
import type {
  CommandResult,
  CommandRunner,
  FileOwnership,
  PolicyIo,
} from "../../../electron/engine/policy/policyIo";

export const systemRoot = "C:\\Windows";
export const regExe = "C:\\Windows\\System32\\reg.exe";

const missing = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });

/** Files (root-owned, 0644 unless `stat` says otherwise) and the folders holding them. */
export function files(
  entries: Record<string, { bytes: Buffer | string; stat?: Partial<FileOwnership> }>,
  run?: CommandRunner,
): Partial<PolicyIo> {
  return {
    readFile: (path) =>
      entries[path]
        ? Promise.resolve(Buffer.from(entries[path].bytes))
        : Promise.reject(missing(path)),
    stat: (path) => {
      const entry = entries[path];
      if (entry) return Promise.resolve({ uid: 0, mode: 0o100644, isFile: true, ...entry.stat });
      // Folders holding a fixture file exist, root-owned, 0755.
      if (Object.keys(entries).some((p) => p.startsWith(`${path}/`)))
        return Promise.resolve({ uid: 0, mode: 0o40755, isFile: false });
      return Promise.reject(missing(path));
    },
    run: run ?? (() => Promise.reject(new Error("no command expected"))),
    userName: () => null,
  };
}

const hiveNames: Record<string, string> = {
  HKLM: "HKEY_LOCAL_MACHINE",
  HKCU: "HKEY_CURRENT_USER",
};
const full = (key: string): string => {
  const [hive = "", ...rest] = key.split("\\");
  return [hiveNames[hive.toUpperCase()] ?? hive, ...rest].join("\\");
};

/** The keys every Windows machine has. */
export const machineKeys: Record<string, string[]> = {
  "HKLM\\Software\\Policies\\Microsoft": [],
  "HKCU\\Software\\Policies\\Microsoft": [],
  "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion": [
    "ProgramFilesDir    REG_SZ    C:\\Program Files",
    "ProgramFilesDir (x86)    REG_SZ    C:\\Program Files (x86)",
  ],
  "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList": [
    "ProgramData    REG_EXPAND_SZ    %SystemDrive%\\ProgramData",
    "Public    REG_EXPAND_SZ    %SystemDrive%\\Users\\Public",
  ],
};

/**
 * reg.exe over a fake registry: key -> value lines, or "denied". A key exists when listed or
 * when it holds a listed key. `notFound` is what reg.exe prints for a missing key (localised).
 */
export function fakeRegistry(
  keys: Record<string, string[] | "denied">,
  options: { notFound?: string; calls?: string[][] } = {},
): CommandRunner {
  const all: Record<string, string[] | "denied"> = { ...machineKeys, ...keys };
  const lower = new Map(Object.entries(all).map(([k, v]) => [k.toLowerCase(), { k, v }]));
  return (file, args): Promise<CommandResult> => {
    options.calls?.push([file, ...args]);
    const key = args[1] ?? "";
    const wanted = key.toLowerCase();
    const entry = lower.get(wanted);
    const children = new Set<string>();
    for (const [k, { k: original }] of lower)
      if (k.startsWith(`${wanted}\\`))
        children.add(`${full(key)}\\${original.slice(key.length + 1).split("\\")[0]}`);
    if (entry?.v === "denied")
      return Promise.resolve({ code: 1, stdout: "", stderr: "ERROR: Access is denied.\r\n" });
    if (entry === undefined && children.size === 0)
      return Promise.resolve({
        code: 1,
        stdout: "",
        stderr: `${options.notFound ?? "ERROR: The system was unable to find the specified registry key or value."}\r\n`,
      });
    const values = (entry?.v ?? []).map((line) => `    ${line}`);
    const stdout = ["", full(key), ...values, "", ...children, ""].join("\r\n");
    return Promise.resolve({ code: 0, stdout, stderr: "" });
  };
}
