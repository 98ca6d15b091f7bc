/**
 * A file Enclave cannot read (torn by a power cut, overwritten, edited by hand) is never deleted
 * and never silently overwritten: it is renamed beside itself to `<name>.corrupt-<timestamp>`,
 * kept as evidence, and the caller tells the user which file it was and where it went.
 */
import { rename, stat } from "node:fs/promises";
import { z } from "zod";

/** `2024-05-01T12-30-00-000Z`: sortable, and valid in file names on every OS. */
function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, "-");
}

/** Renames `file` to `<file>.corrupt-<timestamp>` (never over another file); returns the new path. */
export async function setAside(file: string, now: Date = new Date()): Promise<string> {
  const base = `${file}.corrupt-${stamp(now)}`;
  for (let i = 1; ; i++) {
    const target = i === 1 ? base : `${base}-${i}`;
    try {
      await stat(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      await rename(file, target);
      return target;
    }
  }
}

/** Why a file's text is not what we expect, in one short clause for a message. */
export function describeParseFailure(error: unknown): string {
  if (error instanceof SyntaxError) return "it is not valid JSON";
  if (error instanceof z.ZodError) {
    const first = error.issues[0];
    const where = first?.path.map(String).join(".") ?? "";
    return `it does not have the expected content (${where === "" ? "" : `${where}: `}${first?.message ?? "invalid"})`;
  }
  return error instanceof Error ? error.message : String(error);
}
