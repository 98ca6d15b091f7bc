/** User settings (selected models, window state) in one JSON file, written atomically. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeJsonAtomic } from "./writeJsonAtomic";

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Settings {
  /** Model id per role; null when none is selected. */
  selectedModels: { chat: string | null; embedding: string | null; reranker: string | null };
  window: WindowState | null;
  /** Collection shown at start, or null for the first one. */
  lastCollection: string | null;
}

export const DEFAULT_SETTINGS: Settings = {
  selectedModels: { chat: null, embedding: null, reranker: null },
  window: null,
  lastCollection: null,
};

export class SettingsReadError extends Error {
  override name = "SettingsReadError";
}

export class SettingsStore {
  readonly file: string;
  #cache: Settings | null = null;
  /** Writes run one after another so a slow write never overwrites a newer one. */
  #queue: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, "settings.json");
  }

  async get(): Promise<Settings> {
    if (this.#cache !== null) return this.#cache;
    let raw: string;
    try {
      raw = await readFile(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return (this.#cache = structuredClone(DEFAULT_SETTINGS));
      throw error;
    }
    let parsed: Partial<Settings>;
    try {
      parsed = JSON.parse(raw) as Partial<Settings>;
    } catch (error) {
      throw new SettingsReadError(`The settings file ${this.file} is damaged: delete it to start with default settings.`, { cause: error });
    }
    this.#cache = {
      ...structuredClone(DEFAULT_SETTINGS),
      ...parsed,
      selectedModels: { ...DEFAULT_SETTINGS.selectedModels, ...parsed.selectedModels },
    };
    return this.#cache;
  }

  /** Applies a change and saves; returns the new settings. */
  async update(change: (current: Settings) => Settings): Promise<Settings> {
    const next = change(structuredClone(await this.get()));
    this.#cache = next;
    const write = this.#queue.then(() => writeJsonAtomic(this.file, next));
    this.#queue = write.catch(() => undefined);
    await write;
    return next;
  }
}
