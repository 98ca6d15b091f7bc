/**
 * The model services (llm/), opened on first use: importing them loads node-llama-cpp (~0.6 s
 * on a 2-core laptop), which commands that never touch a model (`enclave collections`, `docs`,
 * `search` without an embedding model) should not pay for. A writer engine opens them at once
 * (the window re-embeds at open, and the catalog's notices belong to start-up); a reader opens
 * them when a model is first asked for. The one module that imports llm/'s services.
 */
import type { ModelsState } from "../../shared/types";
import type { ModelServices } from "./llm/createModelServices";
import type { OpenModelServicesOptions } from "./llm/openModelServices";

export class LazyModelServices {
  #opening: Promise<ModelServices> | null = null;

  /**
   * `onOpen` is told of the services once opened (to pass on the catalog's notices); `moreState`
   * adds what the models panel shows beside the models (the OCR languages). Default: nothing.
   */
  constructor(
    private readonly options: OpenModelServicesOptions,
    private readonly onOpen: (models: ModelServices) => void,
    private readonly moreState: () => Partial<ModelsState> = () => ({}),
  ) {}

  /** The services, opened by the first call; every call shares that opening (and its failure). */
  get(): Promise<ModelServices> {
    this.#opening ??= import("./llm/openModelServices").then(async ({ openModelServices }) => {
      const opened = await openModelServices(this.options);
      const models = { ...opened, state: () => ({ ...opened.state(), ...this.moreState() }) };
      this.onOpen(models);
      return models;
    });
    return this.#opening;
  }

  /** Disposes the services if they were opened; nothing to do otherwise. */
  async dispose(): Promise<void> {
    const models = await this.#opening?.catch(() => null);
    await models?.dispose();
  }
}
