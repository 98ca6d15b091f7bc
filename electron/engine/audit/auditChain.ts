/** The hash chain's pure pieces: key ratchet, line sealing and line parsing. */
import { createHmac } from "node:crypto";
import type { AuditEntry, AuditHead } from "./types";

export const genesisHash = "0".repeat(64);

/** k(i+1) from k(i). One-way: holding a later key gives no earlier one (forward security). */
export function ratchet(key: Buffer): Buffer {
  return createHmac("sha256", key).update("enclave-audit-ratchet-v1").digest();
}

export function mac(key: Buffer, text: string): string {
  return createHmac("sha256", key).update(text, "utf8").digest("hex");
}

/** The line text (no newline) for an entry, with its hash computed under `key`. */
export function sealLine(
  entry: Omit<AuditEntry, "hash">,
  key: Buffer,
): { line: string; hash: string } {
  const body = JSON.stringify(entry);
  const hash = mac(key, body);
  return { line: `${body.slice(0, -1)},"hash":"${hash}"}`, hash };
}

const sealed = /^(\{.*),"hash":"([0-9a-f]{64})"\}$/;

/** Splits a written line into the exact text that was MAC'ed and its hash; null when malformed. */
export function splitLine(line: string): { body: string; hash: string; entry: AuditEntry } | null {
  const match = sealed.exec(line);
  if (!match?.[1] || !match[2]) return null;
  try {
    const entry = JSON.parse(line) as AuditEntry;
    return { body: `${match[1]}}`, hash: match[2], entry };
  } catch {
    // A line that does not parse is reported by the caller as broken, which is the point.
    return null;
  }
}

export function makeHead(lines: number, lastHash: string, nextKey: Buffer): AuditHead {
  return {
    v: 1,
    lines,
    lastHash,
    nextKey: nextKey.toString("hex"),
    mac: mac(nextKey, `${lines}:${lastHash}`),
  };
}
