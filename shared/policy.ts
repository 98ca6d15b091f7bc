/**
 * The one schema of managed policies (Windows registry, macOS managed preferences, Linux
 * /etc/enclave/policy.json). Every key is declared once here with its type, default, the value
 * used when the administrator's value is invalid, and a description; the policy readers, the
 * generated ADMX/ADML/.mobileconfig/policy.json, ADMIN.md and the renderer's "managed" badges
 * all derive from it. Pure TypeScript: usable in the renderer.
 */
import { z } from "zod";

/** Where a policy value came from. */
export type PolicySource =
  "registry-hklm" | "registry-hkcu" | "managed-preferences" | "policy-file" | "none";

export type GpuBackendChoice = "auto" | "cuda" | "vulkan" | "metal" | "cpu";
export const gpuBackends: readonly GpuBackendChoice[] = ["auto", "cuda", "vulkan", "metal", "cpu"];

/** Resolved values of every key. `null` means "not set: the app decides". */
export interface PolicyValues {
  ModelsDirectory: string | null;
  DefaultChatModel: string | null;
  DefaultEmbeddingModel: string | null;
  /** null: no restriction. [] (also the fail-closed value): no model is allowed. */
  AllowedModelHashes: string[] | null;
  AllowModelDownloads: boolean;
  GpuBackend: GpuBackendChoice;
  /** null: the per-user default. Never the fallback for an invalid value (see `blocking`). */
  DataDirectory: string | null;
  DisableExport: boolean;
  /** false: off; true: on at the default location; a string: on, in that folder. */
  AuditLog: boolean | string;
  AuditPublicKeyFile: string | null;
  AuditRequireSystemLog: boolean;
  MaxImportFileSizeMB: number;
  LockSettings: boolean;
  RequireBundledModelManifest: boolean;
  ManagedLibrariesDirectory: string | null;
  /** "" (the fail-closed value of an invalid path): no key can verify, so every pack is refused. */
  ManagedLibrariesPublicKey: string | null;
  OcrLanguagesDirectory: string | null;
  /** Tesseract language codes OCR reads with, joined with "+" ("eng+deu"); null: English. */
  OcrLanguages: string | null;
}
export type PolicyKey = keyof PolicyValues;

/** How a key is typed in policy stores (drives the ADMX element and the plist type). */
export type PolicyValueType =
  "string" | "path" | "boolean" | "number" | "enum" | "hashList" | "booleanOrPath";

export interface PolicyKeySpec<K extends PolicyKey = PolicyKey> {
  key: K;
  type: PolicyValueType;
  description: string;
  /** Value when the key is not set. */
  default: PolicyValues[K];
  /**
   * Value used when the administrator's value is invalid. "refuse-to-start": the app shows the
   * problem and stops, because any fallback would put data somewhere the administrator did not
   * intend.
   */
  onInvalid: PolicyValues[K] | "refuse-to-start";
  /** true when the key restricts the user; its invalid value is the most restrictive one. */
  restrictive: boolean;
  /** A realistic value for the generated examples and docs. */
  example: Exclude<PolicyValues[K], null>;
  enumValues?: readonly string[];
}

type Schema = { [K in PolicyKey]: PolicyKeySpec<K> };

export const policySchema: Schema = {
  ModelsDirectory: {
    key: "ModelsDirectory",
    type: "path",
    default: null,
    onInvalid: null,
    restrictive: false,
    example: "/usr/share/enclave/models",
    description:
      "Absolute path of a machine-wide folder of GGUF models that IT maintains, searched after the bundled models.",
  },
  DefaultChatModel: {
    key: "DefaultChatModel",
    type: "string",
    default: null,
    onInvalid: null,
    restrictive: false,
    example: "qwen2.5-7b-instruct-q4_k_m.gguf",
    description: "Chat model selected by default: a GGUF file name or its SHA-256.",
  },
  DefaultEmbeddingModel: {
    key: "DefaultEmbeddingModel",
    type: "string",
    default: null,
    onInvalid: null,
    restrictive: false,
    example: "bge-small-en-v1.5-q8_0.gguf",
    description: "Embedding model selected by default: a GGUF file name or its SHA-256.",
  },
  AllowedModelHashes: {
    key: "AllowedModelHashes",
    type: "hashList",
    default: null,
    onInvalid: [],
    restrictive: true,
    example: ["0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"],
    description:
      "SHA-256 hashes of the only GGUF files that may be loaded. Invalid entries allow nothing; an unreadable list allows no model at all.",
  },
  AllowModelDownloads: {
    key: "AllowModelDownloads",
    type: "boolean",
    default: false,
    onInvalid: false,
    restrictive: true,
    example: false,
    description:
      "Whether a user may download a model on request. Off by default; Enclave never downloads anything unasked.",
  },
  GpuBackend: {
    key: "GpuBackend",
    type: "enum",
    enumValues: gpuBackends,
    default: "auto",
    onInvalid: "auto",
    restrictive: false,
    example: "cpu",
    description:
      "GPU backend for llama.cpp: auto (Metal, CUDA, Vulkan, then CPU), cuda, vulkan, metal or cpu. An invalid value means auto, which still falls back to CPU.",
  },
  DataDirectory: {
    key: "DataDirectory",
    type: "path",
    default: null,
    onInvalid: "refuse-to-start",
    restrictive: true,
    example: "/srv/enclave-data",
    description:
      "Absolute path where libraries, conversations and the index are stored. If the value is invalid the app refuses to start rather than write case data elsewhere.",
  },
  DisableExport: {
    key: "DisableExport",
    type: "boolean",
    default: false,
    onInvalid: true,
    restrictive: true,
    example: true,
    description: "Disables exporting conversations and answers.",
  },
  AuditLog: {
    key: "AuditLog",
    type: "booleanOrPath",
    default: false,
    onInvalid: true,
    restrictive: true,
    example: "/var/log/enclave",
    description:
      "Tamper-evident audit log of imports and questions: 1/true (default location), 0/false (off), or an absolute folder path. An invalid value turns it on at the default location.",
  },
  AuditPublicKeyFile: {
    key: "AuditPublicKeyFile",
    type: "path",
    default: null,
    onInvalid: null,
    restrictive: false,
    example: "/etc/enclave/audit-public.pem",
    description:
      "Absolute path of IT's RSA public key (PEM). A new audit log's first key is sealed to it, so only IT can verify the log and nobody on the machine can rewrite past entries. Default: none (the key stays beside the log; see ADMIN.md).",
  },
  AuditRequireSystemLog: {
    key: "AuditRequireSystemLog",
    type: "boolean",
    default: false,
    onInvalid: true,
    restrictive: true,
    example: true,
    description:
      "With AuditLog on: a question, search or page view whose audit line cannot be copied to the operating system's log (Event Log, journal/syslog, unified log) is refused. Default: the failure is recorded and shown, and work goes on.",
  },
  MaxImportFileSizeMB: {
    key: "MaxImportFileSizeMB",
    type: "number",
    default: 2048,
    onInvalid: 2048,
    restrictive: false,
    example: 500,
    description: "Largest file, in MB (1 to 1048576), that may be imported.",
  },
  LockSettings: {
    key: "LockSettings",
    type: "boolean",
    default: false,
    onInvalid: true,
    restrictive: true,
    example: true,
    description: "Makes the settings screen read-only for the user.",
  },
  RequireBundledModelManifest: {
    key: "RequireBundledModelManifest",
    type: "boolean",
    default: false,
    onInvalid: true,
    restrictive: true,
    example: true,
    description:
      "Refuses any model in the bundled or policy models folder that is missing from, or differs from, that folder's models.manifest.json.",
  },
  ManagedLibrariesDirectory: {
    key: "ManagedLibrariesDirectory",
    type: "path",
    default: null,
    onInvalid: null,
    restrictive: false,
    example: "/usr/share/enclave/libraries",
    description:
      'Absolute path of a folder of library packs (built with `enclave pack build`) that IT deploys. Each pack is verified against its manifest before use and shown read-only as "Managed by your organisation".',
  },
  ManagedLibrariesPublicKey: {
    key: "ManagedLibrariesPublicKey",
    type: "path",
    default: null,
    onInvalid: "",
    restrictive: true,
    example: "/etc/enclave/packs-public.pem",
    description:
      "Absolute path of the public key (PEM, Ed25519 or RSA) that library packs must be signed with. When set, unsigned or badly signed packs are refused; an invalid value refuses every pack.",
  },
  OcrLanguagesDirectory: {
    key: "OcrLanguagesDirectory",
    type: "path",
    default: null,
    onInvalid: null,
    restrictive: false,
    example: "/usr/share/enclave/tessdata",
    description:
      "Absolute path of a folder of Tesseract language files (deu.traineddata, fra.traineddata, ...) that IT adds for OCR of scans and photos; English ships with the app.",
  },
  OcrLanguages: {
    key: "OcrLanguages",
    type: "string",
    default: null,
    onInvalid: null,
    restrictive: false,
    example: "eng+deu",
    description:
      "Languages OCR reads scans and photos in, as Tesseract codes joined with '+' (eng+deu); each must ship with the app (eng) or be in OcrLanguagesDirectory. Default: eng.",
  },
};

export const policyKeys = Object.keys(policySchema) as PolicyKey[];

export interface PolicyProblem {
  key: string;
  message: string;
  /**
   * true: the app must not start: an invalid DataDirectory, or a policy store that is present but
   * cannot be read or parsed (starting without its policy would let a user switch policy off).
   */
  blocking: boolean;
  /** The store (file or registry key) the problem comes from, when known. Default: not said. */
  store?: string;
}

/**
 * A raw value a reader could not turn into data, e.g. a REG_EXPAND_SZ that names a variable the
 * user controls: `resolvePolicy` treats it as an invalid value with this reason.
 */
export class InvalidPolicyValue {
  constructor(readonly reason: string) {}
}

export interface ResolvedPolicy {
  values: PolicyValues;
  /** Keys the administrator set (valid or not): the UI marks them managed and read-only. */
  managedKeys: PolicyKey[];
  /** Which store each managed key came from. */
  sources: Partial<Record<PolicyKey, PolicySource>>;
  problems: PolicyProblem[];
}

const sha256 = /^[0-9a-f]{64}$/;

/** Absolute POSIX, drive-letter or UNC path without NUL or ".." segments. Pure: no node:path. */
export function isAbsolutePolicyPath(value: string): boolean {
  if (value.includes("\0") || value.length > 4096) return false;
  const absolute =
    value.startsWith("/") || /^[A-Za-z]:[\\/]/.test(value) || /^\\\\[^\\]+\\[^\\]+/.test(value);
  return absolute && !value.split(/[\\/]/).includes("..");
}

const booleanLike = z.union([
  z.boolean(),
  z.literal(0).transform(() => false),
  z.literal(1).transform(() => true),
  z.enum(["true", "false", "1", "0"]).transform((s) => s === "true" || s === "1"),
]);
const path = z
  .string()
  .trim()
  .refine(isAbsolutePolicyPath, "must be an absolute path without '..'");

const parsers: { [K in PolicyKey]: z.ZodType<PolicyValues[K]> } = {
  ModelsDirectory: path,
  DefaultChatModel: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((s) => !/[\\/\0]/.test(s), "must be a file name or a SHA-256, not a path"),
  DefaultEmbeddingModel: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((s) => !/[\\/\0]/.test(s), "must be a file name or a SHA-256, not a path"),
  AllowedModelHashes: z
    .union([z.array(z.unknown()), z.string().transform((s) => s.split(/[\s,;]+/).filter(Boolean))])
    .transform((items) =>
      items.map((i) => (typeof i === "string" ? i.trim().toLowerCase() : i)),
    ) as z.ZodType<string[]>,
  AllowModelDownloads: booleanLike,
  GpuBackend: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["auto", "cuda", "vulkan", "metal", "cpu"])),
  DataDirectory: path,
  DisableExport: booleanLike,
  AuditLog: z.union([booleanLike, path]),
  AuditPublicKeyFile: path,
  AuditRequireSystemLog: booleanLike,
  MaxImportFileSizeMB: z
    .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
    .pipe(z.number().int().min(1).max(1_048_576)),
  LockSettings: booleanLike,
  RequireBundledModelManifest: booleanLike,
  ManagedLibrariesDirectory: path,
  ManagedLibrariesPublicKey: path,
  OcrLanguagesDirectory: path,
  OcrLanguages: z
    .string()
    .trim()
    .transform((v) =>
      v
        .split(/[\s+,;]+/)
        .filter(Boolean)
        .join("+"),
    )
    .pipe(
      z
        .string()
        .regex(
          /^[A-Za-z0-9_]{2,32}(\+[A-Za-z0-9_]{2,32})*$/,
          "must be Tesseract language codes joined with '+', such as eng+deu",
        ),
    ),
};

function defaults(): PolicyValues {
  const values = {} as Record<PolicyKey, unknown>;
  for (const key of policyKeys) values[key] = policySchema[key].default;
  return values as PolicyValues;
}

/**
 * Turns raw values from one or more policy stores into typed values. Unknown keys and invalid
 * values are reported in `problems`; restrictive keys fail closed; never throws.
 * @param raw key -> value as read from the store (booleans may be 0/1, lists may be strings).
 * @param source the store `raw` came from, or a per-key map when stores were merged.
 */
export function resolvePolicy(
  raw: Record<string, unknown>,
  source: PolicySource | Partial<Record<string, PolicySource>>,
): ResolvedPolicy {
  const values = defaults() as unknown as Record<PolicyKey, unknown>;
  const managedKeys: PolicyKey[] = [];
  const sources: Partial<Record<PolicyKey, PolicySource>> = {};
  const problems: PolicyProblem[] = [];
  const known = new Set<string>(policyKeys);
  for (const [name, value] of Object.entries(raw)) {
    if (!known.has(name)) {
      problems.push({
        key: name,
        message: `Unknown policy key "${name}" is ignored; check its spelling against ADMIN.md.`,
        blocking: false,
      });
      continue;
    }
    const key = name as PolicyKey;
    const spec = policySchema[key];
    managedKeys.push(key);
    sources[key] = typeof source === "string" ? source : (source[key] ?? "none");
    const parsed =
      value instanceof InvalidPolicyValue
        ? ({ success: false, reason: value.reason } as const)
        : parsers[key].safeParse(value);
    if (parsed.success && key === "AllowedModelHashes") {
      const list = parsed.data as unknown[];
      const good = list.filter((h): h is string => typeof h === "string" && sha256.test(h));
      if (good.length !== list.length) {
        problems.push({
          key,
          message: `${list.length - good.length} entr${list.length - good.length === 1 ? "y is" : "ies are"} not a SHA-256 (64 hex digits) and allow nothing.`,
          blocking: false,
        });
      }
      values[key] = good;
      continue;
    }
    if (parsed.success) {
      values[key] = parsed.data;
      continue;
    }
    const reason =
      "reason" in parsed ? parsed.reason : (parsed.error.issues[0]?.message ?? "invalid value");
    if (spec.onInvalid === "refuse-to-start") {
      values[key] = null;
      problems.push({
        key,
        message: `Policy ${key} is invalid (${reason}); Enclave will not start until an administrator fixes it, so that no data is written to an unintended place.`,
        blocking: true,
      });
    } else {
      values[key] = spec.onInvalid;
      problems.push({
        key,
        message: `Policy ${key} is invalid (${reason}); using ${JSON.stringify(spec.onInvalid)}${spec.restrictive ? " (the restrictive choice)" : ""}.`,
        blocking: false,
      });
    }
  }
  return { values: values as unknown as PolicyValues, managedKeys, sources, problems };
}

/** The problems that must stop the app, or [] when it may start. */
export function blockingProblems(policy: ResolvedPolicy): PolicyProblem[] {
  return policy.problems.filter((p) => p.blocking);
}

/** One line for a problem: the store (when known and not the key itself), the key, the message. */
export function describePolicyProblem(problem: PolicyProblem): string {
  const store =
    problem.store !== undefined && problem.store !== problem.key ? `${problem.store}: ` : "";
  return `${store}${problem.key}: ${problem.message}`;
}

/** A policy with nothing set (no store found). */
export function emptyPolicy(): ResolvedPolicy {
  return resolvePolicy({}, "none");
}
