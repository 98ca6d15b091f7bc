/** Policy -> audit log: where it lives, whether the seed is sealed to IT, and checking a folder. */
import type { ErrorCode } from "../../../shared/errorCodes";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { PolicyValues } from "../../../shared/policy";
import { AuditLog, auditFileNames } from "./AuditLog";
import { openSealedSeed, readLocalSeed } from "./auditSeed";
import type { AuditVerification } from "./verifyAuditLog";
import { verifyAuditLog } from "./verifyAuditLog";

export class AuditKeyUnavailableError extends Error {
  override name = "AuditKeyUnavailableError";
  readonly code: ErrorCode = "AUDIT_KEY_UNAVAILABLE";
  constructor(path: string, why: string) {
    super(
      `The audit public key ${path} (policy AuditPublicKeyFile) cannot be used (${why}). Enclave will not record without it; ask IT to deploy a PEM RSA public key there.`,
    );
  }
}

/** The folder the audit log goes in under this policy, or null when auditing is off. */
export function auditDirFor(
  policy: Pick<PolicyValues, "AuditLog">,
  dataDir: string,
): string | null {
  if (policy.AuditLog === false) return null;
  return policy.AuditLog === true ? join(dataDir, "audit") : policy.AuditLog;
}

export interface OpenAuditLogForPolicyOptions {
  policy: Pick<PolicyValues, "AuditLog" | "AuditPublicKeyFile">;
  /** The app's data folder (the default log location is `<dataDir>/audit`). Required. */
  dataDir: string;
  /** Required. */
  appVersion: string;
}

/**
 * Opens the audit log the policy asks for, or null when it is off. An unreadable public key is
 * an error rather than a silent fallback to a local seed, which would weaken the log unnoticed.
 */
export async function openAuditLogForPolicy(
  options: OpenAuditLogForPolicyOptions,
): Promise<AuditLog | null> {
  const dir = auditDirFor(options.policy, options.dataDir);
  if (!dir) return null;
  let publicKeyPem: string | undefined;
  const keyFile = options.policy.AuditPublicKeyFile;
  if (keyFile) {
    try {
      publicKeyPem = await readFile(keyFile, "utf8");
    } catch (error) {
      throw new AuditKeyUnavailableError(
        keyFile,
        error instanceof Error ? error.message : String(error),
      );
    }
    if (!publicKeyPem.includes("PUBLIC KEY-----"))
      throw new AuditKeyUnavailableError(keyFile, "it is not a PEM public key");
  }
  return AuditLog.open({ dir, appVersion: options.appVersion, publicKeyPem });
}

/**
 * Verifies the log in `dir` with its seed: the sealed one (needs IT's private key) when present,
 * otherwise the local one. For `Enclave --cli audit verify`.
 */
export async function verifyAuditFolder(
  dir: string,
  options: { privateKeyPem?: string } = {},
): Promise<AuditVerification> {
  const sealed = join(dir, auditFileNames.sealedSeed);
  let key: Buffer;
  if (existsSync(sealed)) {
    if (!options.privateKeyPem)
      throw new Error(
        `${dir} is sealed to IT's key: pass the private key (--private-key audit-private.pem) to verify it.`,
      );
    key = await openSealedSeed(sealed, options.privateKeyPem);
  } else {
    key = await readLocalSeed(join(dir, auditFileNames.seed));
  }
  return verifyAuditLog(join(dir, auditFileNames.log), {
    head: join(dir, auditFileNames.head),
    key,
  });
}
