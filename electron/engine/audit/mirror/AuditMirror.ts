/**
 * The audit log's copy in the operating system's own log (Windows Event Log, systemd journal or
 * syslog, macOS unified log), which the user the app runs as can add to but cannot rewrite or
 * empty. Each audit line's chain value goes there, so a log file put back from an older copy,
 * reset or deleted, and lines appended to the file, show up as differences (compareWithMirror.ts).
 * One module per OS (linuxMirror.ts, windowsMirror.ts, macMirror.ts); platformMirror.ts picks one.
 */
import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { resolve } from "node:path";

/** One audit line as the OS log holds it. */
export interface AuditMirrorRecord {
  /** Which audit folder on this machine (auditLogId). */
  log: string;
  /** Which chain in that folder: the first 16 hex digits of its line 1's hash. */
  chain: string;
  seq: number;
  /** The line's hash (its chain value). */
  hash: string;
}

export interface AuditMirror {
  /** The OS log in words, for messages: "the systemd journal". */
  readonly name: string;
  /** Sends records, in order, in one call to the OS tool where it can; rejects when the tool fails. */
  write(records: readonly AuditMirrorRecord[]): Promise<void>;
  /** Every Enclave audit record the OS log holds, of every folder; rejects when it cannot be read. */
  readAll(): Promise<AuditMirrorRecord[]>;
}

/** What a mirror needs from the machine: programs by absolute path (no shell) and file tests. */
export interface MirrorIo {
  run: (file: string, args: readonly string[], input?: string) => Promise<ProcessResult>;
  exists: (path: string) => boolean;
}

export interface ProcessResult {
  /** Exit code; null when the program could not start or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The identifier, source or tag under which every OS writes Enclave's audit records. */
export const mirrorTag = "enclave-audit";
const prefix = "enclave-audit/1";

/** One record as the message text written to the OS log. */
export function formatMirrorRecord(r: AuditMirrorRecord): string {
  return `${prefix} log=${r.log} chain=${r.chain} seq=${r.seq} hash=${r.hash}`;
}

const recordPattern =
  /enclave-audit\/1 log=([0-9a-f]{16}) chain=([0-9a-f]{16}) seq=(\d{1,15}) hash=([0-9a-f]{64})/g;

/** Every record found in a tool's output, in order (any surrounding format: JSON, XML, text). */
export function parseMirrorRecords(text: string): AuditMirrorRecord[] {
  const found: AuditMirrorRecord[] = [];
  for (const m of text.matchAll(recordPattern)) {
    found.push({ log: m[1] ?? "", chain: m[2] ?? "", seq: Number(m[3]), hash: m[4] ?? "" });
  }
  return found;
}

/**
 * The folder's identity in the OS log: a hash of its real path (lower-cased on Windows). It does
 * not live in the folder, so deleting the folder cannot make the OS log forget it.
 */
export function auditLogId(dir: string, platform: NodeJS.Platform = process.platform): string {
  const real = realPath(dir);
  const path = platform === "win32" ? real.toLowerCase() : real;
  return createHash("sha256").update(`enclave-audit-log:${path}`).digest("hex").slice(0, 16);
}

/** The real path; the plain absolute one when the folder is gone (a deleted log is still named). */
function realPath(dir: string): string {
  try {
    return realpathSync.native(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return resolve(dir);
    throw error;
  }
}

/** The chain id of a chain whose line 1 has this hash. */
export const chainIdOf = (firstHash: string): string => firstHash.slice(0, 16);

/** A tool's failure as an Error naming the program, its exit code and what it printed. */
export function toolFailure(file: string, result: ProcessResult): Error {
  const said = (result.stderr || result.stdout).trim().slice(0, 300);
  return new Error(
    `${file} ${result.code === null ? "did not run" : `exited with code ${result.code}`}${said ? `: ${said}` : ""}`,
  );
}
