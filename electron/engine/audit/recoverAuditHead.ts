/**
 * A head file that cannot be read (torn by a power cut, zeroed, garbage) must neither stop the
 * app nor quietly reset the chain. What happens depends on who holds the seed:
 *
 * - Local seed (`audit.seed`): the chain is re-derived from the seed over the log's own lines;
 *   every line must verify, or the log is refused as damaged (nothing is set aside). The head is
 *   rebuilt at the last line and the chain continues.
 * - Sealed seed (only IT can open it) or no seed: the next key cannot be derived, so the chain
 *   cannot continue. The log, its seed and the head are set aside together (kept as evidence,
 *   for IT to verify with the private key), and a new log starts.
 *
 * Either way the bad head is set aside, never deleted, and the first line written afterwards is
 * an `audit-head-recovered` event naming the files, how many lines were found and the hash of
 * the last one. What a lost head cannot prove is that no lines were cut from the end before it
 * was lost: the event says so, and it is the flag IT looks for in the report.
 */
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { setAside } from "../support/setAside";
import { genesisHash, mac, makeHead, ratchet, splitLine } from "./auditChain";
import { readLocalSeed } from "./auditSeed";
import type { AuditEvent, AuditHead } from "./types";

/** The file names of one log in its folder (see auditFileNames). */
export interface AuditFiles {
  log: string;
  head: string;
  seed: string;
  sealedSeed: string;
}

export type HeadRecovery =
  | { ok: true; head: AuditHead | null; event: AuditEvent; notice: string }
  | { ok: false; why: string };

/** The head after the last of `lines`, when every line verifies under keys ratcheted from `seed`. */
export function headFromSeed(
  lines: readonly string[],
  seed: Buffer,
): { head: AuditHead } | { brokenLine: number } {
  let key = seed;
  let prev = genesisHash;
  for (const [index, text] of lines.entries()) {
    const parsed = splitLine(text);
    if (
      !parsed ||
      parsed.entry.prev !== prev ||
      parsed.entry.seq !== index + 1 ||
      mac(key, parsed.body) !== parsed.hash
    )
      return { brokenLine: index + 1 };
    prev = parsed.hash;
    key = ratchet(key);
  }
  return { head: makeHead(lines.length, prev, key) };
}

/**
 * Sets aside an unreadable head and returns the head to continue from (null: start a new log, the
 * old files having been set aside), the event to record first, and a notice for the user; or
 * `ok: false` when the log's lines do not verify under the local seed (then nothing is touched).
 */
export async function recoverAuditHead(
  dir: string,
  files: AuditFiles,
  lines: readonly string[],
  why: string,
  now: Date = new Date(),
): Promise<HeadRecovery> {
  const lastHashFound =
    lines.length === 0 ? genesisHash : (splitLine(lines.at(-1) ?? "")?.hash ?? "unreadable");
  const localSeed = join(dir, files.seed);
  const sealed = existsSync(join(dir, files.sealedSeed));
  if (!sealed && existsSync(localSeed)) {
    const walked = headFromSeed(lines, await readLocalSeed(localSeed));
    if ("brokenLine" in walked)
      return {
        ok: false,
        why: `its head file is unreadable (${why}) and line ${walked.brokenLine} does not verify`,
      };
    const aside = await setAside(join(dir, files.head), now);
    return {
      ok: true,
      head: walked.head,
      event: {
        kind: "audit-head-recovered",
        reason: why,
        setAside: [basename(aside)],
        chain: "continued",
        linesFound: lines.length,
        lastHashFound,
      },
      notice: `The audit log's head file ${join(dir, files.head)} could not be read (${why}). It was set aside as ${basename(aside)}; all ${lines.length} lines of the log verified, the log continues, and the incident is recorded in it.`,
    };
  }
  const asides: string[] = [];
  for (const name of [files.head, files.log, files.sealedSeed, files.seed]) {
    if (existsSync(join(dir, name))) asides.push(basename(await setAside(join(dir, name), now)));
  }
  return {
    ok: true,
    head: null,
    event: {
      kind: "audit-head-recovered",
      reason: why,
      setAside: asides,
      chain: "new",
      linesFound: lines.length,
      lastHashFound,
    },
    notice: `The audit log's head file ${join(dir, files.head)} could not be read (${why}), and its key is sealed to IT, so the log cannot continue. The old log (${lines.length} lines) was set aside as ${asides.join(", ")} for IT to verify; a new log was started, and its first line records the incident.`,
  };
}
