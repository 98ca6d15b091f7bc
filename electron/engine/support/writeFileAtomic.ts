/** Files written so a crash or a full disk leaves the old file or none, never half of one. */
import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";

/** Writes a temporary file beside `file`, flushes it to disk, then renames it over `file`. */
export async function writeFileAtomic(file: string, bytes: Uint8Array): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
