/**
 * The single-writer lock of a data folder: `<dataDir>/enclave.lock`, a small JSON file naming
 * the process that writes (pid, host, command, start time). Taken atomically: the holder's
 * record is written to a temporary file and hard-linked to the lock's name, which fails when the
 * name exists, so a lock is never seen half-written. A lock whose process is gone (same host,
 * pid dead, or the pid reused by a process that started later) is taken over under a short
 * takeover guard, so two processes never both take over the same stale lock. A lock from
 * another host is never taken over: its process cannot be checked from here.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { link, mkdir, open, stat, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { realProcessFacts, type ProcessFacts } from "./processFacts";
import { readTextIfPresent } from "./readTextIfPresent";

export type { ProcessFacts } from "./processFacts";

export const LOCK_FILE = "enclave.lock";

/** What the lock file says about the process that holds it. */
export interface LockHolder {
  pid: number;
  host: string;
  /** The command line, shortened (e.g. `enclave import ./manuals`, `Enclave (desktop app)`). */
  command: string;
  /** When the lock was taken (ISO 8601). */
  since: string;
  /** When the holding process started (ms since the epoch), when the OS says; detects pid reuse. */
  processStartedAt: number | null;
  /** Random, so a process only ever removes its own lock. */
  token: string;
}

export interface DataFolderLockOptions {
  /** Shown to other processes that find the folder locked. Required. */
  command: string;
  /** How long to wait for a live holder to finish, in ms. Default: 0 (fail at once). */
  waitMs?: number;
  /** How often a waiting process looks again, in ms. Default: 250. */
  pollMs?: number;
  /** Called once, when a live holder makes this process wait. Default: none. */
  onWait?: (holder: LockHolder, waitMs: number) => void;
  /** Default: the real process facts (see ProcessFacts). */
  facts?: Partial<ProcessFacts>;
}

/** The data folder is locked by a live writer (after waiting, when asked to wait). */
export class DataFolderInUseError extends Error {
  override readonly name = "DataFolderInUseError";
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
    host: string,
  ) {
    const file = path.join(dataDir, LOCK_FILE);
    super(
      `The data folder ${dataDir} is in use by ${describeHolder(holder, host)}. ` +
        (holder.host === host
          ? `Wait for it to finish (or close it) and try again; search, docs and other read-only commands work meanwhile.`
          : `If Enclave no longer runs on ${holder.host}, delete ${file} and try again.`),
    );
  }
}

/** "process 123 (enclave import a.pdf) since 2026-…", with the host when it is another one. */
export function describeHolder(holder: LockHolder, host = os.hostname()): string {
  const where = holder.host === host ? "" : ` on ${holder.host}`;
  return `process ${holder.pid}${where} (${holder.command}) since ${holder.since}`;
}

/** A takeover guard older than this belongs to a process that died taking over. */
const GUARD_STALE_MS = 10_000;
/** A lock file that does not parse and is older than this is debris (it is never written in place). */
const UNREADABLE_STALE_MS = 10_000;

export class DataFolderLock {
  #released = false;
  readonly #onExit = (): void => this.releaseSync();

  private constructor(
    readonly file: string,
    readonly holder: LockHolder,
  ) {
    // A normal exit without close() (an uncaught error in a CLI command) still frees the folder.
    process.once("exit", this.#onExit);
  }

  /** Takes the lock of `dataDir` (created if missing), waiting up to `waitMs` for a live holder. */
  static async acquire(dataDir: string, options: DataFolderLockOptions): Promise<DataFolderLock> {
    const facts = { ...realProcessFacts(), ...options.facts };
    const waitMs = options.waitMs ?? 0;
    const file = path.join(dataDir, LOCK_FILE);
    await mkdir(dataDir, { recursive: true });
    const me: LockHolder = {
      pid: facts.pid,
      host: facts.host,
      command: options.command.slice(0, 200),
      since: new Date(facts.now()).toISOString(),
      processStartedAt: facts.startedAt(facts.pid),
      token: randomBytes(8).toString("hex"),
    };
    const deadline = facts.now() + waitMs;
    let announced = false;
    for (;;) {
      if (await tryCreate(file, me)) return new DataFolderLock(file, me);
      const found = await readLock(file);
      if (found === "missing") continue;
      if (await isStale(file, found, facts)) {
        await removeStale(file, found, facts);
        continue;
      }
      const holder = found === "unreadable" ? unknownHolder(facts) : found;
      if (facts.now() >= deadline) throw new DataFolderInUseError(dataDir, holder, facts.host);
      if (!announced) options.onWait?.(holder, waitMs);
      announced = true;
      await facts.sleep(Math.min(options.pollMs ?? 250, Math.max(1, deadline - facts.now())));
    }
  }

  /** Who holds the lock of `dataDir` now, or null when nobody does (a stale lock counts as held). */
  static async holder(dataDir: string): Promise<LockHolder | null> {
    const found = await readLock(path.join(dataDir, LOCK_FILE));
    return typeof found === "string" ? null : found;
  }

  /** Removes the lock if it is still this one's. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    process.removeListener("exit", this.#onExit);
    const found = await readLock(this.file);
    if (typeof found !== "string" && found.token === this.holder.token)
      await unlink(this.file).catch(ignoreMissing);
  }

  private releaseSync(): void {
    if (this.#released) return;
    this.#released = true;
    try {
      const found = parseHolder(readFileSync(this.file, "utf8"));
      if (found?.token === this.holder.token) unlinkSync(this.file);
    } catch {
      // Exiting anyway: a lock left behind is stale, and the next start takes it over.
    }
  }
}

/** Writes the record to a temporary file and links it to the lock's name (fails if it exists). */
async function tryCreate(file: string, me: LockHolder): Promise<boolean> {
  const temp = `${file}.${me.token}.tmp`;
  await writeFile(temp, `${JSON.stringify(me)}\n`, { mode: 0o600 });
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(temp).catch(ignoreMissing);
  }
}

async function readLock(file: string): Promise<LockHolder | "missing" | "unreadable"> {
  const text = await readTextIfPresent(file);
  if (text === null) return "missing";
  return parseHolder(text) ?? "unreadable";
}

function parseHolder(text: string): LockHolder | null {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.pid !== "number" || typeof v.host !== "string" || typeof v.token !== "string")
      return null;
    return {
      pid: v.pid,
      host: v.host,
      command: typeof v.command === "string" ? v.command : "unknown command",
      since: typeof v.since === "string" ? v.since : "an unknown time",
      processStartedAt: typeof v.processStartedAt === "number" ? v.processStartedAt : null,
      token: v.token,
    };
  } catch {
    return null;
  }
}

/**
 * Whether the holder is gone: on this host, its pid is dead, or now belongs to a process that
 * started more than 2 s away from the recorded start (pid reuse; only where the OS tells start
 * times, elsewhere a reused pid keeps the lock until someone deletes it, as the message says).
 */
async function isStale(
  file: string,
  found: LockHolder | "unreadable",
  facts: ProcessFacts,
): Promise<boolean> {
  if (found === "unreadable") {
    const info = await stat(file).catch(() => null);
    return info === null || facts.now() - info.mtimeMs > UNREADABLE_STALE_MS;
  }
  if (found.host !== facts.host) return false;
  if (found.pid === facts.pid) return false;
  if (!facts.isAlive(found.pid)) return true;
  const started = facts.startedAt(found.pid);
  return (
    started !== null &&
    found.processStartedAt !== null &&
    Math.abs(started - found.processStartedAt) > 2000
  );
}

/** Deletes a stale lock under the takeover guard, and only if it is still the one judged stale. */
async function removeStale(
  file: string,
  stale: LockHolder | "unreadable",
  facts: ProcessFacts,
): Promise<void> {
  const guard = `${file}.takeover`;
  try {
    await (await open(guard, "wx")).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const info = await stat(guard).catch(() => null);
    if (info !== null && facts.now() - info.mtimeMs > GUARD_STALE_MS)
      await unlink(guard).catch(ignoreMissing);
    else await facts.sleep(50);
    return;
  }
  try {
    const now = await readLock(file);
    const same =
      typeof stale === "string"
        ? now === stale
        : typeof now !== "string" && now.token === stale.token;
    if (same) await unlink(file).catch(ignoreMissing);
  } finally {
    await unlink(guard).catch(ignoreMissing);
  }
}

/** A lock file that does not parse yet is young: someone else's, who cannot be named. */
function unknownHolder(facts: ProcessFacts): LockHolder {
  return {
    pid: 0,
    host: facts.host,
    command: "unknown: its lock file does not parse",
    since: "a moment ago",
    processStartedAt: null,
    token: "",
  };
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
}
