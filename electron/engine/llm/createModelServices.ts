/**
 * engine/llm — GGUF models through node-llama-cpp: the catalog (files found, roles, allow-list),
 * the runtime (GPU choice, threads), and the generator, embedder and reranker. Layer: bottom row
 * with net; it knows nothing of documents.
 *
 * The model layer's composition root: one catalog, one runtime, and the generator / embedder /
 * reranker for whatever the catalog has selected, created on demand and replaced on a switch.
 * One model per role is loaded at a time: a chat model asked for one call replaces the selected
 * one until a later call asks for the selected one again.
 */
import { join } from "node:path";
import type { ModelInfo, ModelRole, ModelsState } from "../../../shared/types";
import { LlamaEmbedder } from "./LlamaEmbedder";
import { LlamaGenerator } from "./LlamaGenerator";
import { LlamaReranker } from "./LlamaReranker";
import {
  LlamaRuntime,
  type Backend,
  type GpuChoice,
  type LlamaRuntimeOptions,
} from "./LlamaRuntime";
import { HostedEmbedder, HostedGenerator, HostedReranker } from "./hostedServices";
import { ModelHostClient, type ModelHostLauncher } from "./ModelHostClient";
import type { HostNetworkRefusal, HostedModelEntry } from "./hostProtocol";
import { ModelCatalog } from "./ModelCatalog";
import { ModelNotAllowedError, ModelNotFoundError, ModelRoleMismatchError } from "./errors";
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
  runtime?: Omit<LlamaRuntimeOptions, "gpu" | "allowedHashes">;
  /**
   * Starts the model-host process the models run in (see host/ModelHostClient.ts); null runs
   * them in this process. With a host, `runtime.freeMemory` and `runtime.logLevel` do not apply
   * (functions and log levels do not cross processes). Default: null.
   */
  host?: ModelHostLauncher | null;
  /** Connections the model host's network guard refused. Default: ignored. */
  onHostNetworkRefusal?: (refusal: HostNetworkRefusal) => void;
}

export interface ModelServices {
  catalog: ModelCatalog;
  /** The runtime in this process (with a model host: only the chat models' vocabularies). */
  runtime: LlamaRuntime;
  /** The model host's client, or null when models run in this process. */
  host: ModelHostClient | null;
  /** Catalog state with the backend in use. */
  state(): ModelsState;
  /**
   * The selected chat model, or the catalog model `modelId` for this call only (the saved
   * selection stays); throws for an unknown, disallowed or non-chat `modelId`.
   */
  getGenerator(modelId?: string): Promise<Generator | null>;
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
  // The catalog's `allowed` is for display; the runtime decides again, from the bytes, at each load.
  const runtimeOptions = {
    calibrationFile: join(options.dataDir, "thread-calibration.json"),
    ...options.runtime,
    gpu: policy.gpu ?? "auto",
    allowedHashes: policy.allowedHashes ?? null,
  };
  const { freeMemory: _memory, logLevel: _level, ...hostRuntime } = runtimeOptions;
  const host = options.host
    ? new ModelHostClient({
        launch: options.host,
        runtime: hostRuntime,
        onNetworkRefusal: options.onHostNetworkRefusal,
      })
    : null;
  // With a host, this process loads vocabularies only, on the CPU (no GPU context here).
  const runtime = new LlamaRuntime(host ? { ...runtimeOptions, gpu: false } : runtimeOptions);
  const backend = (): Backend | null => (host ? host.backend : runtime.backend);
  const current = new Map<ModelRole, { modelId: string; service: Promise<Service> }>();

  /** The service for a role's model (default: the selected one), rebuilt when the model changes. */
  async function serviceFor<S extends Service>(
    role: ModelRole,
    make: (model: ModelInfo) => Promise<S>,
    model = catalog.selected(role),
  ): Promise<S | null> {
    const existing = current.get(role);
    if (existing && existing.modelId === model?.id) return (await existing.service) as S;
    current.delete(role);
    if (existing) await (await existing.service).dispose();
    if (!model) return null;
    const service = make(model);
    current.set(role, { modelId: model.id, service });
    try {
      const made = await service;
      catalog.setGpu(backend());
      return made;
    } catch (error) {
      current.delete(role);
      throw error;
    }
  }

  return {
    catalog,
    runtime,
    host,
    state: () => {
      catalog.setGpu(backend());
      return catalog.state();
    },
    getGenerator: async (modelId) => {
      const chosen =
        modelId === undefined ? catalog.selected("chat") : usable(catalog, "chat", modelId);
      return serviceFor<Service & Generator>(
        "chat",
        (model) =>
          host
            ? HostedGenerator.create({ client: host, vocabRuntime: runtime, model: entry(model) })
            : LlamaGenerator.create({ runtime, model }),
        chosen,
      );
    },
    getEmbedder: () =>
      serviceFor<Service & Embedder>("embedding", (model) =>
        Promise.resolve(
          host
            ? new HostedEmbedder({ client: host, model: entry(model) })
            : new LlamaEmbedder({ runtime, model }),
        ),
      ),
    getReranker: () =>
      serviceFor<Service & Reranker>("reranker", (model) =>
        Promise.resolve(
          host
            ? new HostedReranker({ client: host, model: entry(model) })
            : new LlamaReranker({ runtime, model }),
        ),
      ),
    dispose: async () => {
      for (const { service } of current.values()) await (await service).dispose();
      current.clear();
      await host?.dispose();
      await runtime.dispose();
    },
  };
}

/** What the model host needs of a catalog entry. */
function entry(model: ModelInfo): HostedModelEntry {
  const { id, path, file, contextLength, embeddingLength, hasChatTemplate } = model;
  return { id, path, file, contextLength, embeddingLength, hasChatTemplate };
}

/** A catalog model the policy allows for the role, checked as a selection would be. */
function usable(catalog: ModelCatalog, role: ModelRole, modelId: string): ModelInfo {
  const model = catalog.get(modelId);
  if (model === undefined) throw new ModelNotFoundError(modelId);
  if (!model.allowed) throw new ModelNotAllowedError(model.path, model.problem);
  if (model.role !== role) throw new ModelRoleMismatchError(model.file, role, model.role);
  return model;
}
