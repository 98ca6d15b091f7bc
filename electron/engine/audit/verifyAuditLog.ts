import { readFile } from "node:fs/promises";
import { genesisHash, mac, ratchet, splitLine } from "./auditChain";
import { compareWithMirror, mirrorAgrees, type MirrorComparison } from "./compareWithMirror";
import { auditLogId } from "./mirror/AuditMirror";
import type { PlatformMirror } from "./mirror/platformMirror";
import { readTextIfPresent } from "../support/readTextIfPresent";
import type { AuditHead } from "./types";

/** The file against the OS log: unavailable (and why), or every difference. */
export type MirrorVerdict =
  | { available: false; reason: string }
  | ({ available: true; logId: string; agrees: boolean } & MirrorComparison);

export interface AuditVerification {
  /** The chain verifies and, where an OS log was compared, it agrees with the file. */
  ok: boolean;
  /** Lines in the file. */
  lines: number;
  /** Lines the head vouches for. */
  headLines: number;
  /** 1-based number of the first line that is changed, out of place or missing. */
  firstBrokenLine?: number;
  reason?: string;
  /** The chain alone verifies (set when an OS log was compared; otherwise `ok` says it). */
  chainOk?: boolean;
  /** Present when the file was compared with the OS log (verifyAuditFolder's `mirror`). */
  mirror?: MirrorVerdict;
}

export interface VerifyAuditLogOptions {
  /** The head (parsed, or the path of audit.head.json). */
  head: AuditHead | string;
  /** The seed: from audit.seed, or from audit.seed.sealed opened with IT's private key. */
  key: Buffer;
}

/**
 * Re-derives every line's key from the seed and checks each line's place in the chain and its
 * HMAC, then the head. Names the first broken line: an edited line fails its own HMAC, a
 * removed, inserted or reordered line breaks the `prev` link where it happened, a cut end is
 * longer in the head than in the file, and a log recomputed without the seed fails at the first
 * line recomputed.
 */
export async function verifyAuditLog(
  file: string,
  options: VerifyAuditLogOptions,
): Promise<AuditVerification> {
  const head: AuditHead =
    typeof options.head === "string"
      ? (JSON.parse(await readFile(options.head, "utf8")) as AuditHead)
      : options.head;
  const lines = (await readFile(file, "utf8")).split("\n").filter((l) => l !== "");
  const result = (firstBrokenLine: number | undefined, reason: string): AuditVerification => ({
    ok: false,
    lines: lines.length,
    headLines: head.lines,
    firstBrokenLine,
    reason,
  });
  let key = options.key;
  let prev = genesisHash;
  for (const [index, text] of lines.entries()) {
    const n = index + 1;
    const parsed = splitLine(text);
    if (!parsed)
      return result(n, `Line ${n} is not a sealed audit entry: it was edited or inserted.`);
    if (parsed.entry.prev !== prev)
      return result(
        n,
        `Line ${n} does not follow line ${n - 1}: a line was removed, inserted or moved here.`,
      );
    if (mac(key, parsed.body) !== parsed.hash)
      return result(
        n,
        `Line ${n} was changed after it was written (or recomputed without the audit key).`,
      );
    if (parsed.entry.seq !== n) return result(n, `Line ${n} carries number ${parsed.entry.seq}.`);
    prev = parsed.hash;
    key = ratchet(key);
    if (n === head.lines && head.lastHash !== prev)
      return result(n, `The head does not match line ${n}.`);
  }
  if (lines.length < head.lines) {
    return result(
      lines.length + 1,
      `The log ends after line ${lines.length} but its head vouches for ${head.lines} lines: lines were cut from the end.`,
    );
  }
  let headKey = options.key;
  for (let i = 0; i < head.lines; i++) headKey = ratchet(headKey);
  if (
    mac(headKey, `${head.lines}:${head.lastHash}`) !== head.mac ||
    head.nextKey !== headKey.toString("hex")
  ) {
    return result(
      undefined,
      "The head file was not written by this log (its signature or key is wrong): it was forged or replaced.",
    );
  }
  return { ok: true, lines: lines.length, headLines: head.lines };
}

/**
 * Adds the comparison of `file` with the OS log to a chain verification: `ok` turns false on any
 * difference. An OS log that is missing or unreadable is said plainly and fails nothing: there is
 * then nothing to compare with.
 */
export async function verifyAgainstMirror(
  dir: string,
  file: string,
  chain: AuditVerification,
  found: PlatformMirror,
): Promise<AuditVerification> {
  if ("unavailable" in found)
    return {
      ...chain,
      mirror: { available: false, reason: `there is no OS log: ${found.unavailable}` },
    };
  let records;
  try {
    records = await found.mirror.readAll();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ...chain,
      mirror: { available: false, reason: `${found.mirror.name} could not be read (${why})` },
    };
  }
  const lines = ((await readTextIfPresent(file)) ?? "").split("\n").filter((l) => l !== "");
  const hashes = lines.map((l) => splitLine(l)?.hash ?? "");
  const logId = auditLogId(dir);
  const comparison = compareWithMirror(hashes, records, logId, found.mirror.name);
  const agrees = mirrorAgrees(comparison);
  return {
    ...chain,
    ok: chain.ok && agrees,
    chainOk: chain.ok,
    reason:
      chain.reason ??
      (agrees ? undefined : `The log does not match what ${found.mirror.name} recorded of it.`),
    mirror: { available: true, logId, agrees, ...comparison },
  };
}
