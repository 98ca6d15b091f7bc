/**
 * A support bundle an admin can attach to a ticket: versions, machine, settings, effective
 * policy and its problems, model files, store sizes, audit-log health and redacted log tails.
 * Never document content: no document text, titles or file names, no questions or answers;
 * strings that could carry content are dropped or redacted.
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import type { ResolvedPolicy } from "../../shared/policy";

export interface CollectDiagnosticsOptions {
  /** The app's data folder. Required. */
  dataDir: string;
  /** Required. */
  appVersion: string;
  /** The effective managed policy. Required. */
  policy: ResolvedPolicy;
  /** Runtime versions. Default: process.versions (node, electron, chrome, v8…). */
  versions?: Record<string, string | undefined>;
  /** Model folders to list (names and sizes only). Default: []. */
  modelFolders?: { path: string; source: string }[];
  /** Audit-log health, from verifyAuditLog or the engine. Default: null (not reported). */
  audit?: { enabled: boolean; lines: number; ok: boolean | null; reason?: string } | null;
  /** Folder of the app's log files. Default: `<dataDir>/logs`. */
  logDir?: string;
  /** Lines kept from the end of each log file. Default: 200. */
  logTailLines?: number;
}

export interface DiagnosticsBundle {
  generatedAt: string;
  appVersion: string;
  versions: Record<string, string | undefined>;
  machine: {
    platform: string;
    release: string;
    arch: string;
    cpus: number;
    cpuModel: string;
    memoryBytes: number;
    freeMemoryBytes: number;
  };
  policy: {
    values: ResolvedPolicy["values"];
    managedKeys: string[];
    sources: ResolvedPolicy["sources"];
    problems: ResolvedPolicy["problems"];
  };
  settings: Record<string, unknown>;
  models: { folder: string; source: string; files: { file: string; bytes: number }[] }[];
  dataDir: { path: string; folders: Record<string, number> };
  audit: CollectDiagnosticsOptions["audit"];
  logs: Record<string, string[]>;
}

/** Strings longer than this are replaced: settings hold switches and names, not text. */
const MAX_SETTING_STRING = 120;

/** Keeps the shape of a settings value while dropping anything that could be content. */
function sanitize(value: unknown, depth = 0): unknown {
  if (depth > 4) return "[omitted: nested too deep]";
  if (typeof value === "string")
    return value.length > MAX_SETTING_STRING ? `[omitted: ${value.length} characters]` : value;
  if (Array.isArray(value))
    return value.length > 50
      ? `[omitted: ${value.length} items]`
      : value.map((v) => sanitize(v, depth + 1));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sanitize(v, depth + 1)]));
  return value;
}

/** Log lines lose quoted text (where messages put titles, queries and excerpts) and are capped. */
export function redactLogLine(line: string): string {
  return line
    .replace(/"(?:[^"\\]|\\.)*"/g, '"[redacted]"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'[redacted]'")
    .replace(/«[^»]*»|“[^”]*”/g, "[redacted]")
    .slice(0, 300);
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(path) : (await stat(path)).size;
  }
  return total;
}

export async function collectDiagnostics(
  options: CollectDiagnosticsOptions,
): Promise<DiagnosticsBundle> {
  const settings: Record<string, unknown> = {};
  const settingsDir = join(options.dataDir, "settings");
  for (const name of (await list(settingsDir)).filter((n) => n.endsWith(".json"))) {
    try {
      settings[name] = sanitize(JSON.parse(await readFile(join(settingsDir, name), "utf8")));
    } catch (error) {
      settings[name] = `[unreadable: ${error instanceof Error ? error.name : "error"}]`;
    }
  }
  const models: DiagnosticsBundle["models"] = [];
  for (const folder of options.modelFolders ?? []) {
    const files: { file: string; bytes: number }[] = [];
    for (const name of (await list(folder.path)).filter(
      (n) => n.toLowerCase().endsWith(".gguf") || n === "models.manifest.json",
    )) {
      files.push({ file: name, bytes: (await stat(join(folder.path, name))).size });
    }
    models.push({ folder: folder.path, source: folder.source, files });
  }
  // Sizes only: the names inside the store (documents, collections) can identify a case.
  const folders: Record<string, number> = {};
  for (const entry of await readdir(options.dataDir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory())
      folders[entry.name] = await folderBytes(join(options.dataDir, entry.name));
  }
  const logs: Record<string, string[]> = {};
  const logDir = options.logDir ?? join(options.dataDir, "logs");
  for (const name of (await list(logDir)).filter((n) => /\.(log|txt)$/.test(n))) {
    const lines = (await readFile(join(logDir, name), "utf8")).split(/\r?\n/).filter(Boolean);
    logs[name] = lines.slice(-(options.logTailLines ?? 200)).map(redactLogLine);
  }
  const cpus = os.cpus();
  return {
    generatedAt: new Date().toISOString(),
    appVersion: options.appVersion,
    versions: { ...(options.versions ?? process.versions) },
    machine: {
      platform: process.platform,
      release: os.release(),
      arch: process.arch,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? "unknown",
      memoryBytes: os.totalmem(),
      freeMemoryBytes: os.freemem(),
    },
    policy: {
      values: options.policy.values,
      managedKeys: options.policy.managedKeys,
      sources: options.policy.sources,
      problems: options.policy.problems,
    },
    settings,
    models,
    dataDir: { path: options.dataDir, folders },
    audit: options.audit ?? null,
    logs,
  };
}

/** Writes the bundle as pretty JSON (one file an admin can read before sending it anywhere). */
export async function writeDiagnostics(bundle: DiagnosticsBundle, file: string): Promise<void> {
  await writeFile(file, `${JSON.stringify(bundle, null, 2)}\n`, { mode: 0o600 });
}
