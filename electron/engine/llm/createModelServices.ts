/**
 * The model layer's composition root: one catalog, one runtime, and the generator / embedder /
 * reranker for whatever the catalog has selected, created on demand and replaced on a switch.
 */
import type { ModelInfo, ModelRole, ModelsState } from "../../../shared/types";
import { LlamaEmbedder } from "./LlamaEmbedder";
import { LlamaGenerator } from "./LlamaGenerator";
import { LlamaReranker } from "./LlamaReranker";
import { LlamaRuntime, type GpuChoice, type LlamaRuntimeOptions } from "./LlamaRuntime";
import { ModelCatalog } from "./ModelCatalog";
import type { Embedder, Generator, Reranker } from "./types";

export interface ModelPolicy {
  /** Folder of IT-provided models. Default: null. */
  modelsDir?: string | null;
  /** Full-file SHA-256 hashes allowed; null allows every model. Default: null. */
  allowedHashes?: string[] | null;
  /** GPU use; false forces CPU. Default: "auto". */
  gpu?: GpuChoice;
}

export interface ModelServicesOptions {
  /** App data folder. Required. */
  dataDir: string;
  /** The app's bundled resources/models folder. Required. */
  bundledDir: string;
  /** Managed policy. Default: {} (no restrictions). */
  policy?: ModelPolicy;
  /** Folders of other local model tools to search. Default: []. */
  externalDirs?: string[];
  /** Files the IT manifest check refused (absolute path -> reason). Default: none. */
  refusedFiles?: ReadonlyMap<string, string>;
  /** Runtime tuning (idle unload, threads, memory probe). Default: {}. */
  runtime?: Omit<LlamaRuntimeOptions, "gpu">;
}

export interface ModelServices {
  catalog: ModelCatalog;
  runtime: LlamaRuntime;
  /** Catalog state with the backend in use. */
  state(): ModelsState;
  getGenerator(): Promise<Generator | null>;
  getEmbedder(): Promise<Embedder | null>;
  getReranker(): Promise<Reranker | null>;
  dispose(): Promise<void>;
}

interface Service {
  modelId: string;
  dispose(): Promise<void>;
}

export async function createModelServices(options: ModelServicesOptions): Promise<ModelServices> {
  const policy = options.policy ?? {};
  const catalog = await ModelCatalog.create({
    dataDir: options.dataDir,
    bundledDir: options.bundledDir,
    policyDir: policy.modelsDir ?? null,
    allowedHashes: policy.allowedHashes ?? null,
    externalDirs: options.externalDirs ?? [],
    refusedFiles: options.refusedFiles,
  });
  const runtime = new LlamaRuntime({ ...options.runtime, gpu: policy.gpu ?? "auto" });
  const current = new Map<ModelRole, { modelId: string; service: Promise<Service> }>();

  /** The service for the selected model of a role, rebuilt when the selection changes. */
  async function serviceFor<S extends Service>(role: ModelRole, make: (model: ModelInfo) => Promise<S>): Promise<S | null> {
    const model = catalog.selected(role);
    const existing = current.get(role);
    if (existing && existing.modelId === model?.id) return (await existing.service) as S;
    current.delete(role);
    if (existing) await (await existing.service).dispose();
    if (!model) return null;
    const service = make(model);
    current.set(role, { modelId: model.id, service });
    try {
      const made = await service;
      catalog.setGpu(runtime.backend);
      return made;
    } catch (error) {
      current.delete(role);
      throw error;
    }
  }

  return {
    catalog,
    runtime,
    state: () => {
      catalog.setGpu(runtime.backend);
      return catalog.state();
    },
    getGenerator: () => serviceFor<Service & Generator>("chat", (model) => LlamaGenerator.create({ runtime, model })),
    getEmbedder: () => serviceFor<Service & Embedder>("embedding", (model) => Promise.resolve(new LlamaEmbedder({ runtime, model }))),
    getReranker: () => serviceFor<Service & Reranker>("reranker", (model) => Promise.resolve(new LlamaReranker({ runtime, model }))),
    dispose: async () => {
      for (const { service } of current.values()) await (await service).dispose();
      current.clear();
      await runtime.dispose();
    },
  };
}
