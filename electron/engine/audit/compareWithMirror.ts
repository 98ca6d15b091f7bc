/**
 * The audit file against its copy in the OS log (mirror/AuditMirror.ts). Pure: the caller reads
 * both. The OS log keeps what the user cannot take back, so every difference is reported by seq:
 * - in the OS log but not in the file: the file was put back from an older copy, cut, reset or
 *   deleted (a record of another chain of the same folder means the log started over);
 * - a different chain value for the same seq: the file was rolled back and written on since;
 * - in the file but not in the OS log: lines appended to the file (forged), or written while the
 *   OS log could not be written (the log then holds an `audit-mirror-failed` line for them).
 * Lines older than the OS log's first record of the chain are not compared: the OS log rotated
 * them away, or they were written before the mirror existed.
 */
import { createHash } from "node:crypto";
import { chainIdOf, type AuditMirrorRecord } from "./mirror/AuditMirror";

export interface MirrorComparison {
  /** The OS log, in words. */
  mirror: string;
  /** Records of this folder in the OS log. */
  records: number;
  /** Records the file lacks: of another chain, or past the file's end. */
  missingFromFile: AuditMirrorRecord[];
  /** Seqs where the OS log holds a chain value other than the file's. */
  differing: { seq: number; file: string; mirror: string[] }[];
  /** Seqs of file lines the OS log has no record of. */
  missingFromMirror: number[];
  /** File lines before the OS log's first record of this chain (not compared). */
  notCovered: number;
}

export const mirrorAgrees = (c: MirrorComparison): boolean =>
  c.missingFromFile.length === 0 && c.differing.length === 0 && c.missingFromMirror.length === 0;

/** `fileHashes[i]` is the hash of line i + 1 ("" for a line that does not parse). */
export function compareWithMirror(
  fileHashes: readonly string[],
  records: readonly AuditMirrorRecord[],
  logId: string,
  mirror: string,
): MirrorComparison {
  const chain = fileHashes[0] ? chainIdOf(fileHashes[0]) : null;
  const seen = new Set<string>();
  const mine = records.filter((r) => {
    const key = `${r.log}:${r.chain}:${r.seq}:${r.hash}`;
    if (r.log !== logId || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const missingFromFile: AuditMirrorRecord[] = [];
  const differing = new Map<number, string[]>();
  const mirroredSeqs = new Set<number>();
  for (const r of mine) {
    if (r.chain !== chain || r.seq > fileHashes.length || r.seq < 1) {
      missingFromFile.push(r);
      continue;
    }
    mirroredSeqs.add(r.seq);
    if (r.hash !== fileHashes[r.seq - 1])
      differing.set(r.seq, [...(differing.get(r.seq) ?? []), r.hash]);
  }
  // Where the OS log holds none of this chain but does hold the folder, every line is unmirrored;
  // where it holds nothing of the folder at all, there is nothing to compare with.
  const first = mirroredSeqs.size > 0 ? Math.min(...mirroredSeqs) : mine.length > 0 ? 1 : Infinity;
  const missingFromMirror: number[] = [];
  for (let seq = first; seq <= fileHashes.length; seq++)
    if (!mirroredSeqs.has(seq)) missingFromMirror.push(seq);
  return {
    mirror,
    records: mine.length,
    missingFromFile: missingFromFile.sort(
      (a, b) => a.chain.localeCompare(b.chain) || a.seq - b.seq,
    ),
    differing: [...differing]
      .sort(([a], [b]) => a - b)
      .map(([seq, hashes]) => ({ seq, file: fileHashes[seq - 1] ?? "", mirror: hashes })),
    missingFromMirror,
    notCovered: Math.min(first - 1, fileHashes.length),
  };
}

/** What the OS log holds of one chain that the file lacks or contradicts, in one summary. */
export interface MirrorGap {
  chain: string;
  fromSeq: number;
  toSeq: number;
  /** Records in the gap (it may have holes). */
  count: number;
  /** The OS log's chain value at `toSeq`. */
  lastHash: string;
  /** SHA-256 (16 hex) of the gap's "seq:hash" records: the same gap seen at a later start matches it. */
  digest: string;
}

/** The OS log's records the file lacks or contradicts, grouped per chain. */
export function mirrorGaps(c: MirrorComparison, fileChain: string | null): MirrorGap[] {
  const byChain = new Map<string, { seq: number; hash: string }[]>();
  const add = (chain: string, seq: number, hash: string): void => {
    byChain.set(chain, [...(byChain.get(chain) ?? []), { seq, hash }]);
  };
  for (const r of c.missingFromFile) add(r.chain, r.seq, r.hash);
  for (const d of c.differing) for (const hash of d.mirror) add(fileChain ?? "", d.seq, hash);
  return [...byChain].map(([chain, list]) => {
    const sorted = list.sort((a, b) => a.seq - b.seq || a.hash.localeCompare(b.hash));
    const last = sorted.at(-1) ?? { seq: 0, hash: "" };
    const digest = createHash("sha256")
      .update(sorted.map((r) => `${r.seq}:${r.hash}\n`).join(""))
      .digest("hex")
      .slice(0, 16);
    return {
      chain,
      fromSeq: sorted[0]?.seq ?? 0,
      toSeq: last.seq,
      count: sorted.length,
      lastHash: last.hash,
      digest,
    };
  });
}
