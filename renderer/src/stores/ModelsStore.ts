/** The model catalog and the chat / embedding / reranker choice. */
import type { EnclaveApi } from "../../../shared/contract";
import type { ModelRole, ModelsState } from "../../../shared/types";
import { Store, errorMessage } from "./Store";

export interface ModelsStoreState {
  models: ModelsState | null;
  busy: boolean;
  error: string;
  /**
   * Set when a search lost its vector half (the embedding model failed) and fell back to
   * full-text results; cleared by the next model change. Shown so the fallback is never silent.
   */
  searchNotice: string;
}

type ModelsApi = Pick<EnclaveApi, "listModels" | "selectModel" | "addModelWithDialog" | "on">;

/** Shown instead of changing anything when policy LockSettings holds the model choices. */
export const SETTINGS_LOCKED_MESSAGE =
  "Managed by your organisation: model choices are set by IT (LockSettings).";

export class ModelsStore extends Store<ModelsStoreState> {
  readonly #api: ModelsApi;
  readonly #locked: () => boolean;
  readonly #unsubscribe: (() => void)[];

  /** `locked` says whether policy LockSettings holds the choices (default: never). */
  constructor(api: ModelsApi, locked: () => boolean = () => false) {
    super({ models: null, busy: false, error: "", searchNotice: "" });
    this.#api = api;
    this.#locked = locked;
    this.#unsubscribe = [
      api.on("modelsChanged", (models) => this.set({ models, searchNotice: "" })),
      api.on("vectorSearchFailed", ({ modelId, message }) => {
        const name =
          this.get().models?.models.find((m) => m.id === modelId)?.file ?? "the embedding model";
        this.set({
          searchNotice: `Search by meaning with ${name} failed, so results come from full-text search only (${message}).`,
        });
      }),
    ];
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off();
  }

  load(): Promise<void> {
    return this.#call(() => this.#api.listModels({}));
  }

  select(role: ModelRole, modelId: string | null): Promise<void> {
    if (this.#refuseWhenLocked()) return Promise.resolve();
    return this.#call(() => this.#api.selectModel({ role, modelId }));
  }

  /** Opens the file dialog; `copy` puts the file into the user's models folder. */
  add(copy: boolean): Promise<void> {
    if (this.#refuseWhenLocked()) return Promise.resolve();
    return this.#call(() => this.#api.addModelWithDialog({ copy }));
  }

  #refuseWhenLocked(): boolean {
    if (!this.#locked()) return false;
    this.set({ error: SETTINGS_LOCKED_MESSAGE });
    return true;
  }

  async #call(work: () => Promise<ModelsState>): Promise<void> {
    this.set({ busy: true });
    try {
      this.set({ models: await work(), error: "" });
    } catch (error) {
      this.set({ error: errorMessage(error) });
    } finally {
      this.set({ busy: false });
    }
  }
}
