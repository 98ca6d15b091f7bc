/**
 * Checks a pack folder before first use: manifest.json parses, its signature verifies against
 * IT's key (when one is required), the pack was built for this store's schema, and the folder
 * holds exactly the files the manifest lists, each with its size and SHA-256. Any difference
 * refuses the whole pack, naming the file at fault.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { SCHEMA_VERSION } from "../store/schema";
import { PackRefusedError } from "./errors";
import {
  MANIFEST_FILE,
  packManifestSchema,
  SIGNATURE_FILE,
  type PackManifest,
} from "./packManifest";
import { listPackFiles, mapLimited, sha256OfFile } from "./packFiles";
import { verifyManifestSignature } from "./packSignature";

export interface VerifyPackOptions {
  /**
   * IT's public key (PEM): the manifest must carry a signature that verifies against it.
   * Default: null (no signature required; one that is present is not checked).
   */
  publicKey?: string | null;
  /** Files hashed at once. Default: 4. */
  parallel?: number;
}

export interface VerifiedPack {
  dir: string;
  manifest: PackManifest;
  /** Bytes hashed (every listed file). */
  bytes: number;
  /** Whether a signature was required and verified. */
  signed: boolean;
}

/** manifest.json, parsed but not verified: enough to tell a pack's name and version. */
export async function readPackManifest(
  dir: string,
): Promise<{ manifest: PackManifest; raw: Buffer }> {
  const raw = await readFile(path.join(dir, MANIFEST_FILE)).catch((error: unknown) => {
    throw new PackRefusedError(
      dir,
      `${MANIFEST_FILE} cannot be read (${String(error)})`,
      MANIFEST_FILE,
    );
  });
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new PackRefusedError(dir, `${MANIFEST_FILE} is not valid JSON`, MANIFEST_FILE);
  }
  const parsed = packManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PackRefusedError(
      dir,
      `${MANIFEST_FILE} is not a pack manifest (${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"})`,
      MANIFEST_FILE,
    );
  }
  return { manifest: parsed.data, raw };
}

export async function verifyPack(
  dir: string,
  options: VerifyPackOptions = {},
): Promise<VerifiedPack> {
  const { manifest, raw } = await readPackManifest(dir);
  const publicKey = options.publicKey ?? null;
  if (publicKey !== null) await checkSignature(dir, raw, publicKey);
  if (manifest.schemaVersion !== SCHEMA_VERSION)
    throw new PackRefusedError(
      dir,
      `it was built for library schema ${manifest.schemaVersion} and this Enclave reads schema ${SCHEMA_VERSION}; rebuild it with this version of Enclave`,
    );

  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const present = await listPackFiles(dir);
  for (const f of present) {
    if (f.path === MANIFEST_FILE || f.path === SIGNATURE_FILE) continue;
    if (!listed.has(f.path))
      throw new PackRefusedError(dir, `${f.path} is not listed in ${MANIFEST_FILE}`, f.path);
    if (!f.regular)
      throw new PackRefusedError(
        dir,
        `${f.path} is a link or a special file, not a plain file`,
        f.path,
      );
  }
  const sizes = new Map(present.map((f) => [f.path, f.bytes]));
  for (const f of manifest.files) {
    const size = sizes.get(f.path);
    if (size === undefined) throw new PackRefusedError(dir, `${f.path} is missing`, f.path);
    if (size !== f.bytes)
      throw new PackRefusedError(
        dir,
        `${f.path} has ${size} bytes where ${MANIFEST_FILE} lists ${f.bytes} (changed after the pack was built)`,
        f.path,
      );
  }
  await mapLimited(manifest.files, options.parallel ?? 4, async (f) => {
    const actual = await sha256OfFile(path.join(dir, ...f.path.split("/")));
    if (actual !== f.sha256)
      throw new PackRefusedError(
        dir,
        `${f.path} does not match its SHA-256 in ${MANIFEST_FILE} (changed after the pack was built)`,
        f.path,
      );
  });
  return {
    dir,
    manifest,
    bytes: manifest.files.reduce((n, f) => n + f.bytes, 0),
    signed: publicKey !== null,
  };
}

async function checkSignature(dir: string, manifest: Buffer, publicKey: string): Promise<void> {
  const signature = await readFile(path.join(dir, SIGNATURE_FILE), "utf8").catch(() => null);
  if (signature === null)
    throw new PackRefusedError(
      dir,
      `it is not signed (no ${SIGNATURE_FILE}), and policy ManagedLibrariesPublicKey requires a signature`,
      SIGNATURE_FILE,
    );
  let ok: boolean;
  try {
    ok = verifyManifestSignature(manifest, signature, publicKey);
  } catch (error) {
    throw new PackRefusedError(
      dir,
      `its signature cannot be checked (${error instanceof Error ? error.message : String(error)})`,
      SIGNATURE_FILE,
    );
  }
  if (!ok)
    throw new PackRefusedError(
      dir,
      `${SIGNATURE_FILE} is not a valid signature of ${MANIFEST_FILE} by the key in policy ManagedLibrariesPublicKey`,
      SIGNATURE_FILE,
    );
}
