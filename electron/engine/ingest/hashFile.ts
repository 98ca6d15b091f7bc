/** SHA-256 of a file's bytes: a document's identity. */
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";

/** Largest read; a file is hashed in pieces of at most this size. */
const PIECE = 1 << 20;

/**
 * Reads through one buffer no larger than the file (a read stream would allocate a full 1 MiB
 * piece per file: hashing a folder of 20,000 small notes made that 20 GB of garbage, and the
 * collections it forced slowed the user's questions during a background sync).
 */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(size, PIECE)));
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return hash.digest("hex");
}
