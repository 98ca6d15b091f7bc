/** JSON files written so a crash leaves either the old or the new file, never half of one. */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "./writeFileAtomic";

/** Creates the folder if needed, then writes `value` as indented JSON with writeFileAtomic. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, Buffer.from(`${JSON.stringify(value, null, 2)}\n`, "utf8"));
}
