/**
 * Model services as managed policy shapes them: IT's manifest check of its model folders, the
 * policy's folder, allowed hashes and GPU choice, and its default models. Hosts that script a
 * model (tests, benchmarks) swap in their own generator or embedder here, so the rest of the
 * engine never asks where a model came from.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { ResolvedPolicy } from "../../../shared/policy";
import type { ModelRole } from "../../../shared/types";
import { refusedBundledModels } from "./bundledModels";
import {
  createModelServices,
  type ModelServices,
  type ModelServicesOptions,
} from "./createModelServices";
import type { Embedder, Generator } from "./types";

export interface OpenModelServicesOptions {
  /** App data folder. Required. */
  dataDir: string;
  /** The app's bundled resources/models folder. Required (may not exist). */
  bundledDir: string;
  /** Managed policy. Required (emptyPolicy() for none). */
  policy: ResolvedPolicy;
  /** Folders of other local model tools to list. Default: []. */
  externalDirs?: string[];
  /** Starts the model-host process; null runs models in this process. Default: null. */
  host?: ModelServicesOptions["host"];
  /** Connections the model host's network guard refused. Default: ignored. */
  onHostNetworkRefusal?: ModelServicesOptions["onHostNetworkRefusal"];
  /** Used instead of the catalog's selections, null meaning none. Default: none, the catalog decides. */
  overrides?: { generator?: Generator | null; embedder?: Embedder | null };
}

export async function openModelServices(options: OpenModelServicesOptions): Promise<ModelServices> {
  const { policy, bundledDir } = options;
  const models = await createModelServices({
    dataDir: options.dataDir,
    bundledDir,
    refusedFiles: await refusedItModels([bundledDir, policy.values.ModelsDirectory], policy),
    policy: {
      modelsDir: policy.values.ModelsDirectory,
      allowedHashes: policy.values.AllowedModelHashes,
      gpu: policy.values.GpuBackend === "cpu" ? false : policy.values.GpuBackend,
    },
    externalDirs: options.externalDirs ?? [],
    host: options.host ?? null,
    onHostNetworkRefusal: options.onHostNetworkRefusal,
  });
  await applyPolicyDefaults(models, policy);
  const { generator, embedder } = options.overrides ?? {};
  return {
    ...models,
    getGenerator: (modelId) =>
      generator !== undefined ? Promise.resolve(generator) : models.getGenerator(modelId),
    getEmbedder: () => (embedder !== undefined ? Promise.resolve(embedder) : models.getEmbedder()),
  };
}

/** Models in IT's folders that fail the manifest check, when policy asks for one (absolute path -> reason). */
async function refusedItModels(
  dirs: (string | null)[],
  policy: ResolvedPolicy,
): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  const rule = {
    requireManifest: policy.values.RequireBundledModelManifest,
    allowedHashes: policy.values.AllowedModelHashes,
  };
  for (const dir of dirs) {
    if (dir === null || !existsSync(dir)) continue;
    for (const [file, why] of await refusedBundledModels(dir, rule))
      refused.set(path.join(dir, file), why);
  }
  return refused;
}

/** DefaultChatModel / DefaultEmbeddingModel (file name or SHA-256): chosen when the user has not chosen, or always under LockSettings. */
async function applyPolicyDefaults(models: ModelServices, policy: ResolvedPolicy): Promise<void> {
  const wanted: [ModelRole, string | null][] = [
    ["chat", policy.values.DefaultChatModel],
    ["embedding", policy.values.DefaultEmbeddingModel],
  ];
  for (const [role, ref] of wanted) {
    if (ref === null || (models.catalog.selected(role) !== null && !policy.values.LockSettings))
      continue;
    const match = models.catalog
      .list()
      .find((m) => m.role === role && m.allowed && (m.file === ref || m.id === ref.toLowerCase()));
    if (match !== undefined) await models.catalog.select(role, match.id);
  }
}
