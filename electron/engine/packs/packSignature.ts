/**
 * Detached signatures of manifest.json with Node's crypto: Ed25519 (no digest) or RSA with
 * SHA-256 (PKCS#1 v1.5), chosen by the key. The signature file holds base64 text.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";

/** The digest for a key: none for Ed25519, SHA-256 for RSA; other key types are refused. */
function digestFor(key: KeyObject): string | null {
  switch (key.asymmetricKeyType) {
    case "ed25519":
      return null;
    case "rsa":
      return "sha256";
    default:
      throw new Error(
        `a ${key.asymmetricKeyType ?? "symmetric"} key cannot sign packs: use an Ed25519 or RSA key (PEM)`,
      );
  }
}

/** The base64 signature of `data` with a private key in PEM. */
export function signManifest(data: Buffer, privateKeyPem: string): string {
  const key = createPrivateKey(privateKeyPem);
  return sign(digestFor(key), data, key).toString("base64");
}

/** Whether `signatureBase64` is a signature of `data` by the public key in PEM. */
export function verifyManifestSignature(
  data: Buffer,
  signatureBase64: string,
  publicKeyPem: string,
): boolean {
  const key = createPublicKey(publicKeyPem);
  const signature = Buffer.from(signatureBase64.trim(), "base64");
  if (signature.length === 0) return false;
  return verify(digestFor(key), data, key, signature);
}
