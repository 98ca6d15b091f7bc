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
import { checkMirrorAtOpen } from "./checkMirrorAtOpen";
import { MirrorWriter, type MirrorOutcome } from "./MirrorWriter";
import { auditLogId, chainIdOf, type AuditMirror } from "./mirror/AuditMirror";

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
  /**
   * The OS log each line's chain value is copied to (mirror/AuditMirror.ts), checked against the
   * file at open. Default: none.
   */
  mirror?: AuditMirror;
  /**
   * Refuse what a line records (append rejects) when its copy cannot be written to the OS log.
   * Default: false: the failure is recorded in the log and reported through `onWarning`.
   */
  requireMirror?: boolean;
  /** Told of audit problems found after open (the OS log failing). Default: a line on stderr. */
  onWarning?: (message: string) => void;
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
  /**
   * What the user should be told about this open (a head file set aside, a log that lacks what
   * the OS log holds of it); empty normally.
   */
  readonly notices: string[] = [];
  private readonly writer: MirrorWriter | null;
  /** The chain id (chainIdOf line 1's hash); null until line 1 exists. */
  private chain: string | null;
  /** Seqs of `audit-mirror-failed` lines: their own failure to reach the OS log is not re-recorded. */
  private readonly failureSeqs = new Set<number>();
  /** `audit-mirror-failed` lines being written; close() waits for them. */
  private readonly internal = new Set<Promise<unknown>>();

  private constructor(
    private readonly options: AuditLogOptions,
    private readonly handle: FileHandle,
    private head: AuditHead,
    firstLine: string | undefined,
    private readonly logId: string,
  ) {
    const first = firstLine === undefined ? undefined : splitLine(firstLine)?.hash;
    this.chain = firstLine === undefined ? null : chainIdOf(first ?? "");
    this.writer = options.mirror
      ? new MirrorWriter(options.mirror, { onFailure: (r, e) => this.mirrorFailed(r, e) })
      : null;
  }

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
    const logId = options.mirror ? auditLogId(options.dir) : "";
    const log = new AuditLog(options, handle, head, lines[0], logId);
    if (incident !== null) {
      // Recorded before anything else, so no later line can be written without it.
      await log.appendNow(incident.event, false);
      log.notices.push(incident.notice);
    }
    if (options.mirror) {
      const finding = await checkMirrorAtOpen(options.mirror, logId, options.dir, lines);
      if (finding !== null) {
        await log.appendNow(finding.event, false);
        log.notices.push(finding.notice);
      }
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
    return this.appendNow(event, this.options.requireMirror === true);
  }

  /** Closes the log once every line, and every line's copy in the OS log, is written. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue.idle();
    // A failed copy adds an `audit-mirror-failed` line, whose own copy may be pending in turn.
    for (let round = 0; round < 3 && this.writer; round++) {
      await this.writer.idle();
      await Promise.allSettled([...this.internal]);
      await this.queue.idle();
    }
    await this.handle.close();
  }

  private async appendNow(event: AuditEvent, awaitMirror: boolean): Promise<AuditEntry> {
    const dir = this.options.dir;
    // The queue continues after a failed append; the caller still sees the failure.
    const { entry, mirrored } = await this.queue.run(() =>
      this.write(event).catch((error: unknown) => {
        throw new AuditWriteFailedError(dir, messageOf(error), { cause: error });
      }),
    );
    if (awaitMirror) {
      const outcome = await mirrored;
      if (!outcome.ok)
        throw new AuditWriteFailedError(
          dir,
          `line ${entry.seq} is written, but policy requires its copy in ${this.writer?.mirror.name ?? "the OS log"}, which failed: ${messageOf(outcome.error)}`,
          { cause: outcome.error },
        );
    }
    return entry;
  }

  /** Records that some lines did not reach the OS log, and says so (once per failed call). */
  private mirrorFailed(records: { seq: number }[], error: unknown): void {
    const fromSeq = Math.min(...records.map((r) => r.seq));
    const toSeq = Math.max(...records.map((r) => r.seq));
    const mirror = this.writer?.mirror.name ?? "the OS log";
    const reason = messageOf(error);
    this.warn(
      `Audit line${fromSeq === toSeq ? ` ${fromSeq}` : `s ${fromSeq}–${toSeq}`} could not be copied to ${mirror} (${reason}). The lines are in the audit log in ${this.options.dir}, which records the failure; ask IT to check the OS log.`,
    );
    if (records.every((r) => this.failureSeqs.has(r.seq))) return;
    const done = this.appendNow(
      { kind: "audit-mirror-failed", mirror, op: "write", fromSeq, toSeq, reason },
      false,
    )
      .catch((e: unknown) => this.warn(messageOf(e)))
      .finally(() => this.internal.delete(done));
    this.internal.add(done);
  }

  private warn(message: string): void {
    (this.options.onWarning ?? ((m: string) => void process.stderr.write(`${m}\n`)))(message);
  }

  private async write(
    event: AuditEvent,
  ): Promise<{ entry: AuditEntry; mirrored: Promise<MirrorOutcome> }> {
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
    if (entry.seq === 1) this.chain = chainIdOf(hash);
    if (event.kind === "audit-mirror-failed") this.failureSeqs.add(entry.seq);
    const mirrored: Promise<MirrorOutcome> = this.writer
      ? this.writer.send({ log: this.logId, chain: this.chain ?? "", seq: entry.seq, hash })
      : Promise.resolve({ ok: true });
    return { entry: { ...entry, hash }, mirrored };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
