/**
 * manifest.json of a library pack: what IT built, from which Enclave, with which embedding model,
 * and every file of the pack with its size and SHA-256. The engine trusts nothing in a pack that
 * this list does not vouch for (verifyPack.ts); with a signature, the list itself is IT's.
 */
import { z } from "zod";

export const PACK_FORMAT = "enclave-library-pack";
export const PACK_FORMAT_VERSION = 1;
export const MANIFEST_FILE = "manifest.json";
/** The detached signature of manifest.json's bytes, base64. */
export const SIGNATURE_FILE = "manifest.sig";
/** The pack's LanceDB folder (a library holding only the pack's collections). */
export const LIBRARY_FOLDER = "library";
/** The original documents, named `<sha256><ext>` (absent with --hashes-only). */
export const DOCUMENTS_FOLDER = "documents";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 in hex");
/** A relative POSIX path inside the pack: no "..", no absolute path, no backslash. */
const packPath = z
  .string()
  .min(1)
  .max(1024)
  .refine(
    (p) =>
      !p.startsWith("/") && !p.includes("\\") && !p.includes("\0") && !p.split("/").includes(".."),
    "must be a relative path inside the pack",
  );

export const packManifestSchema = z.object({
  format: z.literal(PACK_FORMAT),
  formatVersion: z.literal(PACK_FORMAT_VERSION),
  /** The pack's name: versions of one pack share it, and the newest verified one is used. */
  name: z.string().min(1).max(200),
  /** A whole number; a higher one replaces a lower one of the same name. */
  version: z.number().int().positive(),
  collections: z.array(z.string().min(1).max(200)).min(1),
  /** The store's SCHEMA_VERSION when built: another one cannot be read. */
  schemaVersion: z.number().int().positive(),
  /** The vectors' embedding model, or null when the pack holds no vectors (full text only). */
  embeddingModel: z
    .object({
      id: z.string().min(1),
      file: z.string().nullable(),
      sha256: sha256.nullable(),
      dimensions: z.number().int().positive(),
    })
    .nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  documents: z.array(
    z.object({
      id: sha256,
      file: z.string(),
      bytes: z.number().int().nonnegative(),
      /** Whether the original is in documents/ (otherwise only its hash, the id, is shipped). */
      included: z.boolean(),
    }),
  ),
  files: z.array(z.object({ path: packPath, bytes: z.number().int().nonnegative(), sha256 })),
});

export type PackManifest = z.infer<typeof packManifestSchema>;
export type PackFile = PackManifest["files"][number];
