/**
 * At start, the audit file against the OS log: a file that lacks what the OS log holds of it (put
 * back from an older copy, cut, reset or deleted) is recorded as an `audit-log-reset` line and
 * named in the start notices. A gap already recorded by an earlier start (same chain, same
 * records) is not recorded again; `audit verify` still lists it. Lines missing from the OS log
 * are left to `audit verify`: at start they are usually lines a crash kept from being mirrored.
 */
import { splitLine } from "./auditChain";
import { compareWithMirror, mirrorGaps, type MirrorGap } from "./compareWithMirror";
import { chainIdOf, type AuditMirror } from "./mirror/AuditMirror";
import type { AuditEvent } from "./types";

export interface MirrorFinding {
  event: AuditEvent;
  notice: string;
}

export async function checkMirrorAtOpen(
  mirror: AuditMirror,
  logId: string,
  dir: string,
  lines: readonly string[],
): Promise<MirrorFinding | null> {
  let records;
  try {
    records = await mirror.readAll();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      event: { kind: "audit-mirror-failed", mirror: mirror.name, op: "read", reason },
      notice: `Enclave could not read ${mirror.name} (${reason}), so this start could not check the audit log in ${dir} against it. New lines are still sent there; IT can run \`Enclave --cli audit verify\` as an administrator.`,
    };
  }
  const hashes = lines.map((l) => splitLine(l)?.hash ?? "");
  const chain = hashes[0] ? chainIdOf(hashes[0]) : null;
  const gaps = mirrorGaps(compareWithMirror(hashes, records, logId, mirror.name), chain);
  const known = recordedGaps(lines);
  if (gaps.every((g) => known.has(`${g.chain}:${g.digest}`))) return null;
  return {
    event: { kind: "audit-log-reset", mirror: mirror.name, linesFound: lines.length, gaps },
    notice: `The audit log in ${dir} lacks entries that ${mirror.name} recorded of it: ${gaps.map((g) => describeGap(g, chain)).join("; ")}. The log was put back from an older copy, cut, reset or deleted. This is now recorded in the log; \`Enclave --cli audit verify\` lists every difference.`,
  };
}

export function describeGap(g: MirrorGap, fileChain: string | null): string {
  const span = g.fromSeq === g.toSeq ? `line ${g.fromSeq}` : `lines ${g.fromSeq}–${g.toSeq}`;
  return g.chain === fileChain
    ? `${span} (${g.count} entr${g.count === 1 ? "y" : "ies"})`
    : `${span} of an earlier log (chain ${g.chain})`;
}

/** "chain:digest" of every gap recorded by an earlier start. */
function recordedGaps(lines: readonly string[]): Set<string> {
  const known = new Set<string>();
  for (const line of lines) {
    if (!line.includes('"audit-log-reset"')) continue;
    const event = splitLine(line)?.entry.event;
    if (event?.kind === "audit-log-reset")
      for (const g of event.gaps) known.add(`${g.chain}:${g.digest}`);
  }
  return known;
}
