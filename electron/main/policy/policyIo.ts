/** The OS access the policy readers need, injectable so tests can use fixtures. */
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}
/** Runs a program with arguments (no shell) and collects its output; never rejects. */
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
};

/** true when the error means "there is no such file" (no policy deployed), not a failure. */
export function isMissing(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    (error.code === "ENOENT" || error.code === "ENOTDIR")
  );
}
