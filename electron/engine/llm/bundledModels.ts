/**
 * IT-bundled models: a `models.manifest.json` beside the GGUF files in the bundled or policy
 * models folder lists each file's SHA-256 and size, so a swapped or added file is noticed and,
 * under policy, refused.
 */
import type { ErrorCode } from "../../../shared/errorCodes";
import { readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { sha256File } from "./modelHashes";
import { readTextIfPresent } from "../support/readTextIfPresent";

export const manifestFileName = "models.manifest.json";

const manifestSchema = z.object({
  version: z.literal(1),
  files: z.record(
    z.string().regex(/^[^\\/]+$/, "file names only, no folders"),
    z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative() }),
  ),
});
export type ModelManifest = z.infer<typeof manifestSchema>;

export type BundledModelStatus = "ok" | "tampered" | "unlisted" | "missing";
export interface BundledModelCheck {
  file: string;
  status: BundledModelStatus;
  /** SHA-256 the manifest lists, when listed. */
  expected?: string;
  /** SHA-256 of the file on disk, when it was hashed. */
  actual?: string;
}

export class InvalidModelManifestError extends Error {
  override name = "InvalidModelManifestError";
  readonly code: ErrorCode = "INVALID_MODEL_MANIFEST";
  constructor(file: string, why: string) {
    super(
      `${file} is not a valid model manifest (${why}); rebuild it with \`npx tsx resources/build/makeModelManifest.ts <folder>\`.`,
    );
  }
}

/** The folder's manifest, or null when it has none. Throws InvalidModelManifestError when malformed. */
export async function readModelManifest(dir: string): Promise<ModelManifest | null> {
  const file = join(dir, manifestFileName);
  const text = await readTextIfPresent(file);
  if (text === null) return null;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(text));
    if (!parsed.success)
      throw new InvalidModelManifestError(file, parsed.error.issues[0]?.message ?? "bad shape");
    return parsed.data;
  } catch (error) {
    if (error instanceof SyntaxError) throw new InvalidModelManifestError(file, error.message);
    throw error;
  }
}

async function ggufFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith(".gguf"))
    .map((e) => e.name)
    .sort();
}

/** Builds the manifest of every .gguf file in `dir` (hashes each file in full). */
export async function makeModelManifest(dir: string): Promise<ModelManifest> {
  const files: ModelManifest["files"] = {};
  for (const name of await ggufFiles(dir)) {
    const path = join(dir, name);
    files[name] = { sha256: await sha256File(path), size: (await stat(path)).size };
  }
  return { version: 1, files };
}

export async function writeModelManifest(dir: string): Promise<ModelManifest> {
  const manifest = await makeModelManifest(dir);
  await writeFile(join(dir, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export interface VerifyBundledModelsOptions {
  /** Full-file SHA-256 of a path, e.g. a cached one. Default: sha256File (reads the file). */
  hash?: (path: string) => Promise<string>;
}

/** Checks every .gguf file in `dir` against the manifest: ok, tampered, unlisted, or listed but missing. */
export async function verifyBundledModels(
  dir: string,
  manifest: ModelManifest,
  options: VerifyBundledModelsOptions = {},
): Promise<BundledModelCheck[]> {
  const hash = options.hash ?? sha256File;
  const present = await ggufFiles(dir);
  const checks: BundledModelCheck[] = [];
  for (const file of present) {
    const listed = manifest.files[file];
    if (!listed) {
      checks.push({ file, status: "unlisted" });
      continue;
    }
    // A size mismatch settles it without reading gigabytes.
    if ((await stat(join(dir, file))).size !== listed.size) {
      checks.push({ file, status: "tampered", expected: listed.sha256 });
      continue;
    }
    const actual = await hash(join(dir, file));
    checks.push({
      file,
      status: actual === listed.sha256 ? "ok" : "tampered",
      expected: listed.sha256,
      actual,
    });
  }
  for (const file of Object.keys(manifest.files)) {
    if (!present.includes(file))
      checks.push({ file, status: "missing", expected: manifest.files[file]?.sha256 });
  }
  return checks;
}

export interface BundledModelPolicy {
  /** Policy RequireBundledModelManifest. */
  requireManifest: boolean;
  /** Policy AllowedModelHashes (null: not set). */
  allowedHashes: string[] | null;
}

/**
 * Files in `dir` the app must refuse, with the reason shown in the models list. Only enforced
 * when policy asks for it (RequireBundledModelManifest or AllowedModelHashes); a folder without
 * a valid manifest then refuses every model in it.
 */
export async function refusedBundledModels(
  dir: string,
  policy: BundledModelPolicy,
  options: VerifyBundledModelsOptions = {},
): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  if (!policy.requireManifest && policy.allowedHashes === null) return refused;
  let manifest: ModelManifest | null;
  try {
    manifest = await readModelManifest(dir);
  } catch (error) {
    if (!(error instanceof InvalidModelManifestError)) throw error;
    manifest = null;
  }
  if (!manifest) {
    // Only the strict policy requires a manifest; with an allow-list alone, hashes decide.
    if (policy.requireManifest)
      for (const file of await ggufFiles(dir))
        refused.set(
          file,
          `The models folder has no valid ${manifestFileName}; ask IT to ship one.`,
        );
    return refused;
  }
  for (const check of await verifyBundledModels(dir, manifest, options)) {
    if (check.status === "tampered")
      refused.set(
        check.file,
        "This file differs from the one IT shipped (its SHA-256 does not match the manifest).",
      );
    if (check.status === "unlisted")
      refused.set(check.file, "This file is not in the models manifest IT shipped.");
  }
  return refused;
}
