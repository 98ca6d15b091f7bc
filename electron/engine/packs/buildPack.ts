/**
 * Builds a library pack from one collection of a library: a LanceDB folder holding only that
 * collection (copyCollection.ts), the original documents or only their hashes, manifest.json
 * listing every file with its size and SHA-256, and optionally a detached signature of the
 * manifest. The manifest is written last: a folder without one is not a pack.
 */
import { copyFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { SCHEMA_VERSION } from "../store/schema";
import { copyCollection, packDocumentPath, type CopyCollectionOptions } from "./copyCollection";
import { listPackFiles, mapLimited, sha256OfFile } from "./packFiles";
import {
  LIBRARY_FOLDER,
  MANIFEST_FILE,
  PACK_FORMAT,
  PACK_FORMAT_VERSION,
  SIGNATURE_FILE,
  type PackManifest,
} from "./packManifest";
import { signManifest } from "./packSignature";

export interface BuildPackOptions extends CopyCollectionOptions {
  /** The library folder to read (`<data folder>/library`). Required. */
  libraryDir: string;
  /** The collection to pack. Required. */
  collection: string;
  /** The pack folder to write; must not exist or be empty. Required. */
  out: string;
  /** Who builds it (user, host, Enclave version), for the manifest. Required. */
  createdBy: string;
  /** The pack's name. Default: the collection's name. */
  name?: string;
  /** A whole number above the previous version's. Default: the build time as YYYYMMDDhhmmss (UTC). */
  version?: number;
  /** Ship the original documents (otherwise only their hashes). Default: true. */
  includeDocuments?: boolean;
  /** A private key (PEM, Ed25519 or RSA) to sign the manifest with. Default: none (unsigned). */
  signingKey?: string | null;
  /** The embedding model's file name and SHA-256, when the catalog knows the id. Default: unknown. */
  describeModel?: (modelId: string) => { file: string | null; sha256: string | null } | null;
  /** The build time. Default: now. */
  now?: Date;
}

export interface BuildPackReport {
  dir: string;
  manifest: PackManifest;
  pages: number;
  passages: number;
  vectors: number;
  /** Bytes of every file the manifest lists. */
  bytes: number;
  /** Documents whose original could not be shipped (changed or gone since import): hash only. */
  missingOriginals: string[];
}

export async function buildPack(options: BuildPackOptions): Promise<BuildPackReport> {
  const out = path.resolve(options.out);
  await mkdir(out, { recursive: true });
  if ((await readdir(out)).length > 0)
    throw new Error(`${out} is not empty: give --out a new folder for the pack.`);
  const now = options.now ?? new Date();
  try {
    const copied = await copyCollection(
      options.libraryDir,
      path.join(out, LIBRARY_FOLDER),
      options.collection,
      options,
    );
    const missingOriginals: string[] = [];
    const documents = await mapLimited(copied.documents, 2, async (d) => {
      const included =
        (options.includeDocuments ?? true) && (await copyOriginal(out, d.id, d.file, d.path));
      if ((options.includeDocuments ?? true) && !included) missingOriginals.push(d.path);
      return { id: d.id, file: d.file, bytes: d.bytes, included };
    });
    const files = await mapLimited(await listPackFiles(out), 4, async (f) => ({
      path: f.path,
      bytes: f.bytes,
      sha256: await sha256OfFile(path.join(out, ...f.path.split("/"))),
    }));
    const model = copied.embedding;
    const described = model === null ? null : (options.describeModel?.(model.modelId) ?? null);
    const manifest: PackManifest = {
      format: PACK_FORMAT,
      formatVersion: PACK_FORMAT_VERSION,
      name: options.name ?? options.collection,
      version: options.version ?? timestampVersion(now),
      collections: [options.collection],
      schemaVersion: SCHEMA_VERSION,
      embeddingModel:
        model === null
          ? null
          : {
              id: model.modelId,
              file: described?.file ?? null,
              sha256: described?.sha256 ?? null,
              dimensions: model.dimensions,
            },
      createdBy: options.createdBy,
      createdAt: now.toISOString(),
      documents,
      files,
    };
    const raw = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8");
    if (options.signingKey != null)
      await writeFile(path.join(out, SIGNATURE_FILE), `${signManifest(raw, options.signingKey)}\n`);
    await writeFile(path.join(out, MANIFEST_FILE), raw);
    return {
      dir: out,
      manifest,
      pages: copied.pages,
      passages: copied.passages,
      vectors: copied.vectors,
      bytes: files.reduce((n, f) => n + f.bytes, 0),
      missingOriginals,
    };
  } catch (error) {
    // Nothing half-built is left to be mistaken for a pack (it would have no manifest anyway).
    await rm(out, { recursive: true, force: true });
    throw error;
  }
}

/** Copies the original when it still holds the imported bytes; false when it changed or is gone. */
async function copyOriginal(
  out: string,
  id: string,
  file: string,
  source: string,
): Promise<boolean> {
  const target = path.join(out, ...packDocumentPath(id, file).split("/"));
  await mkdir(path.dirname(target), { recursive: true });
  const copied = await copyFile(source, target).then(
    () => true,
    () => false,
  );
  // The copy is what ships, so the copy is what is checked against the document's hash.
  if (copied && (await sha256OfFile(target)) === id) return true;
  await rm(target, { force: true });
  return false;
}

/** 2026-12-01T23:55:01Z -> 20261201235501. */
export function timestampVersion(date: Date): number {
  return Number(date.toISOString().replace(/\D/g, "").slice(0, 14));
}
