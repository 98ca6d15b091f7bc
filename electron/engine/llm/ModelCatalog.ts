/**
 * Knows every GGUF model on this machine the app may use: where it came from, what it is, whether
 * policy allows it, and which one the user chose for each role. Reads headers only, never weights.
 */
import { copyFile, mkdir, rename, stat } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import type { ModelInfo, ModelRole, ModelSource, ModelsState } from "../../../shared/types";
import {
  ModelNotAllowedError,
  ModelNotFoundError,
  ModelRoleMismatchError,
  NotALocalModelPathError,
  NotAGgufFileError,
  TruncatedModelError,
} from "./errors";
import { findModelFiles } from "./findModelFiles";
import { inspectGguf, type GgufSummary } from "./inspectGguf";
import { modelParts } from "./ModelAllowList";
import { fastModelId, FullHashCache } from "./modelHashes";
import { writeJsonAtomic } from "../support/writeJsonAtomic";
import { describeParseFailure, setAside } from "../support/setAside";
import { readTextIfPresent } from "../support/readTextIfPresent";
import { z } from "zod";

export interface ModelCatalogOptions {
  /** The app's data folder; models live in `<dataDir>/models`, choices in `<dataDir>/settings/models.json`. Required. */
  dataDir: string;
  /** The app's bundled `resources/models` folder. Required (may not exist). */
  bundledDir: string;
  /** Folder set by managed policy, searched after the bundled one. Default: null (none). */
  policyDir?: string | null;
  /** Full-file SHA-256 hashes (hex) policy allows; when set, no other model is usable. Default: null (all allowed). */
  allowedHashes?: string[] | null;
  /** Folders of other local tools (LM Studio, GPT4All, Jan, Ollama's `models/blobs`). Default: []. */
  externalDirs?: string[];
  /** Files refused by the IT manifest check (absolute path -> reason); never selectable. Default: none. */
  refusedFiles?: ReadonlyMap<string, string>;
}

const choice = z.string().nullable().optional();
/** `<dataDir>/settings/models.json`, checked when read: a file that does not match is set aside. */
const savedSettingsSchema = z.object({
  /** Files added by reference or by copy, in the order added. */
  added: z.array(z.string()).default([]),
  /** Explicit choices; a missing role means "pick the only candidate". */
  selected: z.object({ chat: choice, embedding: choice, reranker: choice }).default({}),
});
type SavedSettings = z.infer<typeof savedSettingsSchema>;

const ROLES: ModelRole[] = ["chat", "embedding", "reranker"];

export class ModelCatalog {
  private models: ModelInfo[] = [];
  private gpu: string | null = null;
  private readonly summaries = new Map<
    string,
    { key: string; summary: GgufSummary | Error; id: string }
  >();

  private constructor(
    private readonly options: ModelCatalogOptions,
    private settings: SavedSettings,
    private readonly hashes: FullHashCache,
    /** What the user should be told about this start (a settings file set aside); shown once. */
    readonly notices: readonly string[],
  ) {}

  /** Loads saved choices (defaults when the file is damaged: set aside, with a notice) and scans every folder. */
  static async create(options: ModelCatalogOptions): Promise<ModelCatalog> {
    const settingsDir = join(options.dataDir, "settings");
    const { settings, notices } = await readSettings(join(settingsDir, "models.json"));
    const catalog = new ModelCatalog(
      options,
      settings,
      await FullHashCache.open(join(settingsDir, "model-hashes.json")),
      notices,
    );
    await catalog.refresh();
    return catalog;
  }

  /** Folders searched, in order. */
  folders(): { path: string; source: ModelSource }[] {
    const { bundledDir, policyDir, dataDir, externalDirs } = this.options;
    return [
      { path: bundledDir, source: "bundled" as const },
      ...(policyDir ? [{ path: policyDir, source: "policy" as const }] : []),
      { path: join(dataDir, "models"), source: "user" as const },
      ...(externalDirs ?? []).map((path) => ({ path, source: "external" as const })),
    ];
  }

  /** Rescans all folders and added files; the first place a file (by id) is found wins. */
  async refresh(): Promise<ModelsState> {
    const found: { path: string; source: ModelSource }[] = [];
    const [bundled, ...rest] = this.folders();
    for (const folder of [bundled!, ...rest.filter((f) => f.source !== "external")]) {
      for (const path of await findModelFiles(folder.path))
        found.push({ path, source: folder.source });
    }
    for (const path of this.settings.added) found.push({ path, source: "added" });
    for (const folder of rest.filter((f) => f.source === "external")) {
      for (const path of await findModelFiles(folder.path))
        found.push({ path, source: "external" });
    }
    const models: ModelInfo[] = [];
    const seen = new Set<string>();
    for (const { path, source } of found) {
      const info = await this.describe(path, source);
      if (!info || seen.has(info.id)) continue;
      seen.add(info.id);
      models.push(info);
    }
    await this.hashes.save();
    this.models = models;
    return this.state();
  }

  private async describe(path: string, source: ModelSource): Promise<ModelInfo | null> {
    let key: string;
    try {
      const s = await stat(path);
      key = `${s.size}:${s.mtimeMs}`;
    } catch (error) {
      // An added file on a drive that is not plugged in: keep the reference, list nothing.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    let cached = this.summaries.get(path);
    if (cached?.key !== key) {
      const summary = await inspectGguf(path).catch((error: unknown) => {
        if (error instanceof NotAGgufFileError || error instanceof TruncatedModelError)
          return error;
        throw error;
      });
      cached = { key, summary, id: await fastModelId(path) };
      this.summaries.set(path, cached);
    }
    const s = cached.summary;
    const base = { id: cached.id, file: basename(path), path, source };
    if (s instanceof Error) {
      return {
        ...base,
        role: "chat",
        architecture: "unknown",
        parameters: null,
        quantization: "unknown",
        sizeBytes: 0,
        contextLength: 0,
        embeddingLength: 0,
        hasChatTemplate: false,
        allowed: false,
        problem: s.message,
      };
    }
    const refusal = this.options.refusedFiles?.get(path);
    const allowList = this.options.allowedHashes;
    const allowed =
      refusal === undefined && (allowList == null || (await this.allPartsListed(path, allowList)));
    return {
      ...base,
      role: s.role,
      architecture: s.architecture,
      parameters: s.parameters,
      quantization: s.quantization,
      sizeBytes: s.sizeBytes,
      contextLength: s.contextLength,
      embeddingLength: s.embeddingLength,
      hasChatTemplate: s.hasChatTemplate,
      allowed,
      problem: allowed
        ? ""
        : (refusal ?? "Not on your organisation's list of approved models (managed policy)."),
    };
  }

  /** Whether every part of the model has a listed hash (display only: the runtime checks again at load). */
  private async allPartsListed(path: string, allowList: string[]): Promise<boolean> {
    const listed = new Set(allowList.map((h) => h.toLowerCase()));
    for (const part of modelParts(path)) {
      try {
        if (!listed.has(await this.hashes.sha256(part))) return false;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        throw error;
      }
    }
    return true;
  }

  list(): ModelInfo[] {
    return [...this.models];
  }

  get(id: string): ModelInfo | undefined {
    return this.models.find((m) => m.id === id);
  }

  /** The model in use for a role: the user's choice, else the only usable candidate, else null. */
  selected(role: ModelRole): ModelInfo | null {
    const usable = (m: ModelInfo | undefined): m is ModelInfo =>
      m !== undefined && m.allowed && m.role === role;
    const choice = this.settings.selected[role];
    if (choice === null) return null;
    if (choice !== undefined) {
      const chosen = this.get(choice);
      if (usable(chosen)) return chosen;
    }
    const candidates = this.models.filter(usable);
    return candidates.length === 1 ? candidates[0]! : null;
  }

  /** Chooses the model for a role (null: none). Throws for unknown, disallowed or wrong-role models. */
  async select(role: ModelRole, id: string | null): Promise<ModelsState> {
    if (id !== null) {
      const model = this.get(id);
      if (!model) throw new ModelNotFoundError(id);
      if (!model.allowed) throw new ModelNotAllowedError(model.path, model.problem);
      if (model.role !== role) throw new ModelRoleMismatchError(model.file, role, model.role);
    }
    this.settings.selected = { ...this.settings.selected, [role]: id };
    await this.save();
    return this.state();
  }

  /**
   * Adds a GGUF file the user picked, by copy into the models folder or by reference.
   * Throws NotAGgufFileError / TruncatedModelError for files that cannot be models.
   */
  async add(path: string, options: { copy: boolean }): Promise<ModelsState> {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path.startsWith("hf:"))
      throw new NotALocalModelPathError(path);
    const source = resolve(path);
    await inspectGguf(source);
    if (options.copy) {
      // Copies land in the models folder, which every scan reads; copying the same bytes twice is a no-op.
      const id = await fastModelId(source);
      if (!this.models.some((m) => m.id === id && m.source === "user")) {
        const dir = join(this.options.dataDir, "models");
        await mkdir(dir, { recursive: true });
        const target = await freeName(dir, basename(source));
        const temp = `${target}.partial`;
        await copyFile(source, temp);
        await rename(temp, target);
      }
    } else if (!this.settings.added.includes(source)) {
      this.settings.added.push(source);
      await this.save();
    }
    return this.refresh();
  }

  /** Lets the catalog report the backend the runtime chose. */
  setGpu(gpu: string | null): void {
    this.gpu = gpu;
  }

  state(): ModelsState {
    const selected = Object.fromEntries(
      ROLES.map((r) => [r, this.selected(r)?.id ?? null]),
    ) as Record<ModelRole, string | null>;
    const memoryEstimateBytes = ROLES.reduce(
      (sum, r) => sum + (this.selected(r)?.sizeBytes ?? 0),
      0,
    );
    return {
      models: this.list(),
      selected,
      gpu: this.gpu,
      memoryEstimateBytes,
      folders: this.folders(),
    };
  }

  private async save(): Promise<void> {
    await writeJsonAtomic(join(this.options.dataDir, "settings", "models.json"), this.settings);
  }
}

/**
 * The saved choices, or the defaults when there are none. A file that does not parse or match
 * (torn by a power cut, edited by hand) must not stop the app nor be overwritten unseen: it is
 * set aside as evidence and the user is told to choose again.
 */
async function readSettings(file: string): Promise<{ settings: SavedSettings; notices: string[] }> {
  const defaults: SavedSettings = { added: [], selected: {} };
  const text = await readTextIfPresent(file);
  if (text === null) return { settings: defaults, notices: [] };
  try {
    return { settings: savedSettingsSchema.parse(JSON.parse(text)), notices: [] };
  } catch (error) {
    const aside = await setAside(file);
    return {
      settings: defaults,
      notices: [
        `The model settings file ${file} could not be read (${describeParseFailure(error)}). It was set aside as ${basename(aside)} and the default settings are used: choose your models again.`,
      ],
    };
  }
}

/** `name`, or `name (2).gguf` etc. when taken. */
async function freeName(dir: string, name: string): Promise<string> {
  const ext = extname(name);
  for (let i = 1; ; i++) {
    const candidate = join(
      dir,
      i === 1 ? name : `${name.slice(0, name.length - ext.length)} (${i})${ext}`,
    );
    try {
      await stat(candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return candidate;
      throw error;
    }
  }
}
