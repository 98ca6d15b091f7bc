/**
 * engine/audit — the tamper-evident record of imports, questions, deletions and exports, opened
 * per policy (openAuditLog.ts), verified and exported for IT. Layer: top row with library.
 *
 * The append-only, tamper-evident audit log: JSON lines chained by HMACs under a key that
 * ratchets forward after every line (see auditChain.ts, auditSeed.ts and ADMIN.md for the
 * threat model). One writer per folder; appends are serialized and each line is one O_APPEND
 * write, so a line is never interleaved or half-replaced.
 */
import type { ErrorCode } from "../../../shared/errorCodes";
import { SerialQueue } from "../support/serialQueue";
import { open, mkdir, readFile, writeFile } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { userInfo } from "node:os";
import { join } from "node:path";
import { genesisHash, makeHead, ratchet, sealLine, splitLine, mac } from "./auditChain";
import { newSeed, sealSeed } from "./auditSeed";
import { writeJsonAtomic } from "../support/writeJsonAtomic";
import type { AuditEntry, AuditEvent, AuditHead } from "./types";
import { recoverAuditHead } from "./recoverAuditHead";
import { readTextIfPresent } from "../support/readTextIfPresent";
import { describeParseFailure } from "../support/setAside";
import { z } from "zod";

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const auditHeadSchema = z.object({
  v: z.literal(1),
  lines: z.number().int().min(0),
  lastHash: hex64,
  nextKey: hex64,
  mac: hex64,
});

export interface AuditLogOptions {
  /** Folder for the log, its head and its seed. Required; created (mode 0700) if missing. */
  dir: string;
  /** Version recorded in each line. Required. */
  appVersion: string;
  /**
   * PEM RSA public key of the administrator. When given, the seed is sealed to it and never
   * stored in clear. Default: none (the seed is kept in `audit.seed`, mode 0600).
   */
  publicKeyPem?: string;
  /** OS user recorded in each line. Default: os.userInfo().username. */
  user?: string;
  /** Clock. Default: () => new Date(). */
  now?: () => Date;
}

export const auditFileNames = {
  log: "audit.log.jsonl",
  head: "audit.head.json",
  seed: "audit.seed",
  sealedSeed: "audit.seed.sealed",
} as const;

export class AuditLogDamagedError extends Error {
  override name = "AuditLogDamagedError";
  readonly code: ErrorCode = "AUDIT_LOG_DAMAGED";
  constructor(dir: string, why: string) {
    super(
      `The audit log in ${dir} is damaged (${why}). Run \`Enclave --cli audit verify\`, then move the audit.* files aside to start a new log; keep the old ones as evidence.`,
    );
  }
}

/**
 * An entry could not be recorded. What it was meant to record is refused (a question, a search,
 * a page view): with the audit log on, nothing is shown that is not on disk first.
 */
export class AuditWriteFailedError extends Error {
  override name = "AuditWriteFailedError";
  readonly code: ErrorCode = "AUDIT_WRITE_FAILED";
  constructor(dir: string, why: string, options?: { cause?: unknown }) {
    super(
      `Enclave could not write to the audit log in ${dir} (${why}), so it did not do what was asked. Check that the folder is writable and the disk has space, then try again; if it persists, ask IT.`,
      options,
    );
  }
}

export class AuditLog {
  private readonly queue = new SerialQueue();
  private closed = false;
  /** What the user should be told about this open (a head file set aside); empty normally. */
  readonly notices: string[] = [];

  private constructor(
    private readonly options: AuditLogOptions,
    private readonly handle: FileHandle,
    private head: AuditHead,
  ) {}

  get file(): string {
    return join(this.options.dir, auditFileNames.log);
  }
  get headFile(): string {
    return join(this.options.dir, auditFileNames.head);
  }

  /** Opens the log in `dir`, creating it (and its seed) on first use. */
  static async open(options: AuditLogOptions): Promise<AuditLog> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    const logPath = join(options.dir, auditFileNames.log);
    const headPath = join(options.dir, auditFileNames.head);
    let lines = await readLines(logPath);
    const read = await readHead(headPath);
    let head = read.head;
    let incident: { event: AuditEvent; notice: string } | null = null;
    if (read.unreadable !== undefined) {
      const recovery = await recoverAuditHead(options.dir, auditFileNames, lines, read.unreadable);
      if (!recovery.ok) throw new AuditLogDamagedError(options.dir, recovery.why);
      incident = recovery;
      head = recovery.head;
      if (head === null) lines = [];
    }
    if (!head) {
      if (lines.length > 0) throw new AuditLogDamagedError(options.dir, "its head file is missing");
      const seed = newSeed();
      if (options.publicKeyPem) {
        await writeFile(
          join(options.dir, auditFileNames.sealedSeed),
          sealSeed(seed, options.publicKeyPem),
          { mode: 0o600 },
        );
      } else {
        await writeFile(join(options.dir, auditFileNames.seed), seed.toString("hex"), {
          mode: 0o600,
        });
      }
      head = makeHead(0, genesisHash, seed);
      await writeHead(headPath, head);
    } else {
      head = rollForward(options.dir, head, lines);
      await writeHead(headPath, head);
    }
    const handle = await open(logPath, "a", 0o600);
    const log = new AuditLog(options, handle, head);
    if (incident !== null) {
      // Recorded before anything else, so no later line can be written without it.
      await log.append(incident.event);
      log.notices.push(incident.notice);
    }
    return log;
  }

  /**
   * Appends one entry; resolves once the line and the new head are on disk. Rejects with
   * AuditWriteFailedError when the log is closed or the write fails.
   */
  append(event: AuditEvent): Promise<AuditEntry> {
    const dir = this.options.dir;
    if (this.closed) return Promise.reject(new AuditWriteFailedError(dir, "the log is closed"));
    // The queue continues after a failed append; the caller still sees the failure.
    return this.queue.run(() =>
      this.write(event).catch((error: unknown) => {
        throw new AuditWriteFailedError(
          dir,
          error instanceof Error ? error.message : String(error),
          {
            cause: error,
          },
        );
      }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue.idle();
    await this.handle.close();
  }

  private async write(event: AuditEvent): Promise<AuditEntry> {
    const key = Buffer.from(this.head.nextKey, "hex");
    const entry: Omit<AuditEntry, "hash"> = {
      v: 1,
      seq: this.head.lines + 1,
      at: (this.options.now?.() ?? new Date()).toISOString(),
      user: this.options.user ?? osUser(),
      appVersion: this.options.appVersion,
      event,
      prev: this.head.lastHash,
    };
    const { line, hash } = sealLine(entry, key);
    const bytes = Buffer.from(`${line}\n`, "utf8");
    const { bytesWritten } = await this.handle.write(bytes);
    if (bytesWritten !== bytes.length)
      throw new Error(
        `Only ${bytesWritten} of ${bytes.length} bytes of an audit line were written; check free disk space.`,
      );
    await this.handle.datasync();
    this.head = makeHead(entry.seq, hash, ratchet(key));
    await writeHead(this.headFile, this.head);
    return { ...entry, hash };
  }
}

/** The OS account name; containers without a passwd entry get the uid instead of a crash. */
function osUser(): string {
  try {
    return userInfo().username;
  } catch (error) {
    return (
      process.env.USER ??
      process.env.USERNAME ??
      `uid ${process.getuid?.() ?? "unknown"} (${error instanceof Error ? error.message : "no user name"})`
    );
  }
}

async function readLines(path: string): Promise<string[]> {
  try {
    return (await readFile(path, "utf8")).split("\n").filter((l) => l !== "");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** The head; null when there is none; `unreadable` says why when the file is not a head. */
export async function readHead(
  path: string,
): Promise<{ head: AuditHead | null; unreadable?: string }> {
  const text = await readTextIfPresent(path);
  if (text === null) return { head: null };
  try {
    return { head: auditHeadSchema.parse(JSON.parse(text)) };
  } catch (error) {
    return { head: null, unreadable: describeParseFailure(error) };
  }
}

/** Written atomically (owner-only), so a crash leaves the old head or the new one. */
function writeHead(path: string, head: AuditHead): Promise<void> {
  return writeJsonAtomic(path, head);
}

/**
 * Accepts lines written after the head (a crash between the line and the head write) when they
 * verify under the head's key; refuses a log shorter than its head or with a foreign tail.
 */
function rollForward(dir: string, head: AuditHead, lines: string[]): AuditHead {
  if (mac(Buffer.from(head.nextKey, "hex"), `${head.lines}:${head.lastHash}`) !== head.mac) {
    throw new AuditLogDamagedError(dir, "its head file was altered");
  }
  if (lines.length < head.lines)
    throw new AuditLogDamagedError(
      dir,
      `it has ${lines.length} lines but its head says ${head.lines}`,
    );
  let current = head;
  for (const text of lines.slice(head.lines)) {
    const key = Buffer.from(current.nextKey, "hex");
    const parsed = splitLine(text);
    if (
      !parsed ||
      parsed.entry.prev !== current.lastHash ||
      mac(key, parsed.body) !== parsed.hash
    ) {
      throw new AuditLogDamagedError(dir, `line ${current.lines + 1} was not written by this log`);
    }
    current = makeHead(current.lines + 1, parsed.hash, ratchet(key));
  }
  return current;
}
