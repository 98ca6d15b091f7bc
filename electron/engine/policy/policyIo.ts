/**
 * The OS access the policy readers need, injectable so tests can use fixtures (the tests run as
 * root on Linux; users do not). Every fact comes from the machine, never from what the user
 * controls (PATH, the working folder, environment variables).
 */
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import os from "node:os";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}
/** Runs a program, by absolute path, with arguments (no shell) and collects its output; never rejects. */
export type CommandRunner = (file: string, args: string[]) => Promise<CommandResult>;

export interface FileOwnership {
  uid: number;
  /** st_mode, including the permission bits. */
  mode: number;
  isFile: boolean;
}

export interface PolicyIo {
  run: CommandRunner;
  readFile: (path: string) => Promise<Buffer>;
  stat: (path: string) => Promise<FileOwnership>;
  /** Windows: the system folder (e.g. "C:\\Windows"), learnt from the loaded ntdll.dll; null when unknown. */
  windowsSystemRoot: () => string | null;
  /** The account running the app, from the OS (not $USER); null when unknown. */
  userName: () => string | null;
}

export const defaultCommandRunner: CommandRunner = (file, args) =>
  new Promise((resolve) => {
    execFile(
      file,
      args,
      { windowsHide: true, timeout: 10_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({
          code,
          stdout: String(stdout),
          stderr: String(stderr || (error ? error.message : "")),
        });
      },
    );
  });

export const defaultPolicyIo: PolicyIo = {
  run: defaultCommandRunner,
  readFile: (path) => readFile(path),
  stat: async (path) => {
    const s = await stat(path);
    return { uid: s.uid, mode: s.mode, isFile: s.isFile() };
  },
  windowsSystemRoot: () => systemRootFromModules(loadedModules()),
  userName: () => {
    try {
      return os.userInfo().username;
    } catch {
      // No passwd entry for the uid (a container): there is no user-scoped profile to read.
      return null;
    }
  },
};

/** The paths of the DLLs loaded into this process (Node's diagnostic report lists them). */
function loadedModules(): unknown[] {
  const report = process.report?.getReport() as { sharedObjects?: unknown } | undefined;
  return Array.isArray(report?.sharedObjects) ? report.sharedObjects : [];
}

/**
 * The Windows folder, from where ntdll.dll was loaded. The loader maps ntdll from the real
 * system folder before any code runs, whatever the user's PATH, working folder or %SystemRoot%.
 */
export function systemRootFromModules(modules: readonly unknown[]): string | null {
  for (const module of modules) {
    if (typeof module !== "string") continue;
    const match = /^([A-Za-z]:\\.+?)\\(?:System32|SysWOW64)\\ntdll\.dll$/i.exec(module);
    if (match?.[1] !== undefined) return match[1];
  }
  return null;
}

/** true when the error means "there is no such file" (no policy deployed), not a failure. */
export function isMissing(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    (error.code === "ENOENT" || error.code === "ENOTDIR")
  );
}
