/** The model catalog and the chat / embedding / reranker choice. */
import type { EnclaveApi } from "../../../shared/contract";
import type { ModelRole, ModelsState } from "../../../shared/types";
import { Store, errorMessage } from "./Store";

export interface ModelsStoreState {
  models: ModelsState | null;
  busy: boolean;
  error: string;
}

export class ModelsStore extends Store<ModelsStoreState> {
  readonly #api: Pick<EnclaveApi, "listModels" | "selectModel" | "addModelWithDialog" | "on">;
  readonly #unsubscribe: () => void;

  constructor(api: Pick<EnclaveApi, "listModels" | "selectModel" | "addModelWithDialog" | "on">) {
    super({ models: null, busy: false, error: "" });
    this.#api = api;
    this.#unsubscribe = api.on("modelsChanged", (models) => this.set({ models }));
  }

  dispose(): void {
    this.#unsubscribe();
  }

  load(): Promise<void> {
    return this.#call(() => this.#api.listModels({}));
  }

  select(role: ModelRole, modelId: string | null): Promise<void> {
    return this.#call(() => this.#api.selectModel({ role, modelId }));
  }

  /** Opens the file dialog; `copy` puts the file into the user's models folder. */
  add(copy: boolean): Promise<void> {
    return this.#call(() => this.#api.addModelWithDialog({ copy }));
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
