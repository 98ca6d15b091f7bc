/**
 * The chain's first key (the seed). With an administrator's RSA public key, the seed is sealed
 * to it and forgotten after the first line, so only IT (holding the private key) can verify,
 * and nobody on the machine can rewrite the past. Without one, the seed is kept in a local file
 * (mode 0600): that still detects edits by anyone who cannot read the file (other users, tools
 * that touch only the log, a copied log), but not by the account the app runs as.
 */
import { constants, privateDecrypt, publicEncrypt, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";

export function newSeed(): Buffer {
  return randomBytes(32);
}

/** Base64 of the seed encrypted (RSA-OAEP, SHA-256) to the administrator's public key. */
export function sealSeed(seed: Buffer, publicKeyPem: string): string {
  return publicEncrypt(
    { key: publicKeyPem, oaepHash: "sha256", padding: constants.RSA_PKCS1_OAEP_PADDING },
    seed,
  ).toString("base64");
}

/** The seed from a sealed-seed file, for IT with the private key. */
export async function openSealedSeed(sealedFile: string, privateKeyPem: string): Promise<Buffer> {
  const sealed = Buffer.from((await readFile(sealedFile, "utf8")).trim(), "base64");
  return privateDecrypt(
    { key: privateKeyPem, oaepHash: "sha256", padding: constants.RSA_PKCS1_OAEP_PADDING },
    sealed,
  );
}

/** The seed from a local seed file (hex). */
export async function readLocalSeed(seedFile: string): Promise<Buffer> {
  const key = Buffer.from((await readFile(seedFile, "utf8")).trim(), "hex");
  if (key.length !== 32)
    throw new Error(
      `${seedFile} does not hold a 32-byte key; restore it from backup to verify the audit log.`,
    );
  return key;
}
