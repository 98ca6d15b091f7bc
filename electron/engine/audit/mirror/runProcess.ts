/** The default MirrorIo: programs by absolute path, without a shell, never blocking the event loop. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { MirrorIo, ProcessResult } from "./AuditMirror";

/** Longest a mirror tool may run, in ms. */
const TIMEOUT_MS = 15_000;
/** Most output kept from a tool (a journal read of a long-lived log), in bytes. */
const MAX_OUTPUT = 256 * 1024 * 1024;

/** Runs `file` with `args`, writes `input` to its stdin, and collects its output; never rejects. */
export function runProcess(
  file: string,
  args: readonly string[],
  input?: string,
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: ProcessResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const child = spawn(file, [...args], {
      shell: false,
      windowsHide: true,
      timeout: TIMEOUT_MS,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, SYSTEMD_PAGER: "", PAGER: "" },
    });
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_OUTPUT) into.push(chunk);
      else child.kill();
    };
    child.stdout.on("data", collect(out));
    child.stderr.on("data", collect(err));
    child.on("error", (error) =>
      finish({ code: null, stdout: "", stderr: `${file} could not be started: ${error.message}` }),
    );
    child.on("close", (code) =>
      finish({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr:
          Buffer.concat(err).toString("utf8") +
          (size > MAX_OUTPUT ? `\n(output cut at ${MAX_OUTPUT} bytes)` : ""),
      }),
    );
    // A tool that exits before reading its input must not crash the app with EPIPE.
    child.stdin.on("error", () => undefined);
    child.stdin.end(input ?? "");
  });
}

export const defaultMirrorIo: MirrorIo = { run: runProcess, exists: existsSync };
