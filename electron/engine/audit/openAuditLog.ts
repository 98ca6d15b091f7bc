/** Policy -> audit log: where it lives, whether the seed is sealed to IT, and checking a folder. */
import type { ErrorCode } from "../../../shared/errorCodes";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { PolicyValues } from "../../../shared/policy";
import { AuditLog, auditFileNames } from "./AuditLog";
import { openSealedSeed, readLocalSeed } from "./auditSeed";
import type { AuditMirror } from "./mirror/AuditMirror";
import { platformAuditMirror, type PlatformMirror } from "./mirror/platformMirror";
import type { AuditVerification } from "./verifyAuditLog";
import { verifyAgainstMirror, verifyAuditLog } from "./verifyAuditLog";

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
  /** The OS log to copy every line to. Default: this machine's (platformMirror.ts). */
  mirror?: PlatformMirror;
  /**
   * Refuse questions, searches and views whose line cannot be copied to the OS log (and every one
   * where there is no OS log). No policy key sets it yet. Default: false: failures are recorded
   * in the log and reported through `onWarning`, and work goes on.
   */
  requireMirror?: boolean;
  /** Told of audit problems after open. Default: a line on stderr. */
  onWarning?: (message: string) => void;
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
  const found = options.mirror ?? platformAuditMirror();
  const required = options.requireMirror === true;
  const mirror =
    "mirror" in found ? found.mirror : required ? refusingMirror(found.unavailable) : undefined;
  const log = await AuditLog.open({
    dir,
    appVersion: options.appVersion,
    publicKeyPem,
    mirror,
    requireMirror: required,
    onWarning: options.onWarning,
  });
  if ("unavailable" in found)
    log.notices.push(
      `The audit log in ${dir} is not copied to an operating-system log (${found.unavailable}), so putting back an older copy of it, or deleting it, cannot be detected on this machine. Forward the log off the machine (see ADMIN.md).`,
    );
  return log;
}

/** Where policy requires an OS log that this machine lacks: every copy fails, saying why. */
function refusingMirror(why: string): AuditMirror {
  const fail = (): Promise<never> => Promise.reject(new Error(`there is no OS log: ${why}`));
  return { name: "the OS log", write: fail, readAll: fail };
}

/**
 * Verifies the log in `dir` with its seed: the sealed one (needs IT's private key) when present,
 * otherwise the local one. For `Enclave --cli audit verify`.
 */
export async function verifyAuditFolder(
  dir: string,
  options: { privateKeyPem?: string; mirror?: PlatformMirror } = {},
): Promise<AuditVerification> {
  const chain = await verifyChain(dir, options.privateKeyPem);
  if (options.mirror === undefined) return chain;
  return verifyAgainstMirror(dir, join(dir, auditFileNames.log), chain, options.mirror);
}

async function verifyChain(
  dir: string,
  privateKeyPem: string | undefined,
): Promise<AuditVerification> {
  if (!existsSync(join(dir, auditFileNames.log)))
    return {
      ok: false,
      lines: 0,
      headLines: 0,
      reason: `There is no audit log (${auditFileNames.log}) in ${dir}: it was never written here, or it was deleted.`,
    };
  const sealed = join(dir, auditFileNames.sealedSeed);
  let key: Buffer;
  if (existsSync(sealed)) {
    if (!privateKeyPem)
      throw new Error(
        `${dir} is sealed to IT's key: pass the private key (--private-key audit-private.pem) to verify it.`,
      );
    key = await openSealedSeed(sealed, privateKeyPem);
  } else {
    key = await readLocalSeed(join(dir, auditFileNames.seed));
  }
  return verifyAuditLog(join(dir, auditFileNames.log), {
    head: join(dir, auditFileNames.head),
    key,
  });
}
