/**
 * The engine's composition root: creates the store, the importer, the model services, the
 * answer engine and the libraries, and implements the contract for its hosts (Electron main,
 * the CLI, tests). Imports nothing from Electron.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EventPayloads, MethodArgs, MethodResult } from "../../shared/contract";
import { emptyPolicy, type ResolvedPolicy } from "../../shared/policy";
import type { AppInfo, ImportReport, ModelRole, ModelsState } from "../../shared/types";
import { AnswerEngine, type AnswerEngineOptions } from "./answer/AnswerEngine";
import type { AuditLog } from "./audit/AuditLog";
import { openAuditLogForPolicy } from "./audit/openAuditLog";
import type { EngineApi } from "./EngineApi";
import { EventHub } from "./EventHub";
import type { ChunkOptions } from "./ingest/chunkPages";
import type { Embedder, Generator } from "./llm/types";
import { hashFile } from "./ingest/hashFile";
import { Importer } from "./ingest/Importer";
import { ConversationStore } from "./library/ConversationStore";
import { refusedBundledModels } from "./llm/bundledModels";
import { createModelServices, type ModelServices } from "./llm/createModelServices";
import { installNetworkGuard, networkRefusals } from "./net/networkGuard";
import { Retriever } from "./retrieve/Retriever";
import { LanceStore } from "./store/LanceStore";
import { collectDiagnostics, type DiagnosticsBundle } from "./diagnostics";
import { embedPending } from "./embedPending";
import { DocumentChangedError, ExportDisabledError, SettingsLockedError } from "./errors";

export interface EngineOptions {
  /** The data folder (library, models, conversations, settings). Required. */
  dataDir: string;
  /** The app's bundled models folder. Default: resources/models beside the app. */
  bundledModelsDir?: string;
  /** Managed policy. Default: none (no restrictions). */
  policy?: ResolvedPolicy;
  /** Shown in the UI and written to the audit log. Default: the package version. */
  appVersion?: string;
  /** Chunk sizes. Default: see ChunkOptions. */
  chunking?: ChunkOptions;
  /** Folders of other local model tools (LM Studio, GPT4All, Jan, Ollama) to list. Default: []. */
  externalModelDirs?: string[];
  /**
   * Use these instead of the catalog's selections (benchmarks that exclude model time, tests
   * that script a model). Default: none, the catalog decides.
   */
  overrides?: { generator?: Generator | null; embedder?: Embedder | null };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_BUNDLED_MODELS = path.resolve(here, "..", "..", "resources", "models");
export const APP_VERSION = "0.1.0";

/** Models in IT's folders that fail the manifest check, when policy asks for one (absolute path -> reason). */
async function refusedItModels(dirs: (string | null)[], policy: ResolvedPolicy): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  const rule = { requireManifest: policy.values.RequireBundledModelManifest, allowedHashes: policy.values.AllowedModelHashes };
  for (const dir of dirs) {
    if (dir === null || !existsSync(dir)) continue;
    for (const [file, why] of await refusedBundledModels(dir, rule)) refused.set(path.join(dir, file), why);
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
    if (ref === null || (models.catalog.selected(role) !== null && !policy.values.LockSettings)) continue;
    const match = models.catalog.list().find((m) => m.role === role && m.allowed && (m.file === ref || m.id === ref.toLowerCase()));
    if (match !== undefined) await models.catalog.select(role, match.id);
  }
}

export class Engine implements EngineApi {
  readonly #events = new EventHub();
  readonly #asks = new Map<string, AbortController>();
  #background: Promise<void> = Promise.resolve();

  private constructor(
    private readonly options: EngineOptions,
    private readonly store: LanceStore,
    private readonly models: ModelServices,
    private readonly conversations: ConversationStore,
    private readonly answers: AnswerEngine,
    private readonly importer: Importer,
    private readonly audit: AuditLog | null,
    private readonly policy: ResolvedPolicy,
  ) {}

  static async create(options: EngineOptions): Promise<Engine> {
    installNetworkGuard();
    const policy = options.policy ?? emptyPolicy();
    const { dataDir } = options;
    const store = await LanceStore.open(path.join(dataDir, "library"));
    const bundledDir = options.bundledModelsDir ?? DEFAULT_BUNDLED_MODELS;
    const models = await createModelServices({
      dataDir,
      bundledDir,
      refusedFiles: await refusedItModels([bundledDir, policy.values.ModelsDirectory], policy),
      policy: { modelsDir: policy.values.ModelsDirectory, allowedHashes: policy.values.AllowedModelHashes, gpu: policy.values.GpuBackend === "cpu" ? false : policy.values.GpuBackend },
      externalDirs: options.externalModelDirs ?? [],
    });
    await applyPolicyDefaults(models, policy);
    const audit = await openAuditLogForPolicy({ policy: policy.values, dataDir, appVersion: options.appVersion ?? APP_VERSION });
    const getEmbedder = (): Promise<Embedder | null> => (options.overrides?.embedder !== undefined ? Promise.resolve(options.overrides.embedder) : models.getEmbedder());
    const retrieve = async (question: string, scope: { collections: string[] }, limit: number) => {
      const embedder = await getEmbedder();
      const retriever = new Retriever(store, embedder === null ? {} : { embedder, vectors: store });
      return retriever.search(question, scope, limit);
    };
    const answers = new AnswerEngine({ retrieve, termStats: (store as Partial<Pick<LanceStore & { termStats: AnswerEngineOptions["termStats"] }, "termStats">>).termStats?.bind(store) });
    // The importer embeds through the engine, which needs the importer: tie the knot late.
    const late: { engine?: Engine } = {};
    const importer = new Importer(store, {
      chunking: options.chunking,
      maxFileBytes: policy.values.MaxImportFileSizeMB * 2 ** 20,
      afterDocument: () => late.engine?.embedNow() ?? Promise.resolve(0),
      onResult: async (collection, r) => {
        await audit?.append({ kind: "import", collection, file: r.file, documentId: r.documentId ?? "", ok: r.ok, error: r.error?.message });
      },
    });
    late.engine = new Engine(options, store, models, new ConversationStore(dataDir), answers, importer, audit, policy);
    return late.engine;
  }

  on<E extends keyof EventPayloads>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    return this.#events.on(event, listener);
  }

  async collectDiagnostics(): Promise<DiagnosticsBundle> {
    const state = await this.listModels();
    return collectDiagnostics({
      dataDir: this.options.dataDir,
      appVersion: this.options.appVersion ?? APP_VERSION,
      policy: this.policy,
      modelFolders: state.folders,
      audit: this.audit === null ? { enabled: false, lines: 0, ok: null } : null,
    });
  }

  guardRefusals(): { at: string; kind: string; target: string }[] {
    return networkRefusals().map((r) => ({ at: r.at, kind: r.kind, target: r.target }));
  }

  async close(): Promise<void> {
    for (const c of this.#asks.values()) c.abort();
    await this.#background.catch(() => undefined);
    await this.models.dispose();
    await this.audit?.close();
    await this.store.close();
  }

  getAppInfo(): Promise<AppInfo> {
    return Promise.resolve({
      version: this.options.appVersion ?? APP_VERSION,
      dataDir: this.options.dataDir,
      managedKeys: [...this.policy.managedKeys],
      exportDisabled: this.policy.values.DisableExport,
    });
  }

  // --- collections and documents -------------------------------------------------------------

  listCollections() {
    return this.store.listCollections();
  }
  createCollection({ name }: MethodArgs<"createCollection">) {
    return this.store.createCollection(name);
  }
  async renameCollection({ from, to }: MethodArgs<"renameCollection">) {
    const info = await this.store.renameCollection(from, to);
    await this.conversations.renameCollection(from, to);
    return info;
  }
  async deleteCollection({ name }: MethodArgs<"deleteCollection">) {
    const removedDocuments = await this.store.deleteCollection(name);
    await this.conversations.deleteCollection(name);
    await this.audit?.append({ kind: "delete-collection", collection: name, removedDocuments });
    return { removedDocuments };
  }
  listDocuments({ collection }: MethodArgs<"listDocuments">) {
    return this.store.listDocuments(collection);
  }
  async removeDocument({ collection, documentId }: MethodArgs<"removeDocument">) {
    const deleted = await this.store.removeDocument(documentId, collection);
    await this.audit?.append({ kind: "remove-document", collection, documentId, deleted });
    return { deleted };
  }
  async reindexDocument({ documentId }: MethodArgs<"reindexDocument">) {
    const doc = await this.store.getDocument(documentId);
    if (doc === null) throw new DocumentChangedError(documentId);
    const collections = doc.collections;
    // Same bytes: drop and re-parse (e.g. after an Enclave upgrade); changed bytes: replace.
    for (const c of collections.slice(1)) await this.store.removeDocument(documentId, c);
    await this.store.removeDocument(documentId, collections[0] as string);
    const report = await this.importPaths({ collection: collections[0] as string, requestId: `reindex-${documentId.slice(0, 8)}`, paths: [doc.path] });
    const result = report.results[0];
    if (result?.ok !== true || result.documentId === undefined) throw new Error(result?.error?.message ?? `Re-indexing ${doc.file} failed.`);
    for (const c of collections.slice(1)) await this.store.addToCollection(result.documentId, c);
    const fresh = await this.store.getDocument(result.documentId);
    if (fresh === null) throw new DocumentChangedError(result.documentId);
    return fresh;
  }
  getPageText({ documentId, page }: MethodArgs<"getPageText">) {
    return this.store.getPageText(documentId, page);
  }
  async getDocumentPath({ documentId }: { documentId: string }): Promise<string> {
    const doc = await this.store.getDocument(documentId);
    if (doc === null) throw new DocumentChangedError(documentId);
    return doc.path;
  }
  /** The original bytes, checked against the document's hash so the viewer never shows another version. */
  async getDocumentBytes({ documentId }: MethodArgs<"getDocumentBytes">): Promise<Uint8Array> {
    const file = await this.getDocumentPath({ documentId });
    const bytes = await readFile(file).catch(() => {
      throw new DocumentChangedError(documentId, file);
    });
    if ((await hashFile(file)) !== documentId) throw new DocumentChangedError(documentId, file);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  importPaths(args: { collection: string; requestId: string; paths: string[] }): Promise<ImportReport> {
    return this.importer.import(args, (e) => this.#events.emit("importProgress", e));
  }

  search({ query, collections, limit }: MethodArgs<"search">) {
    return this.retriever().then((r) => r.search(query, { collections }, limit));
  }

  // --- answers and conversations -------------------------------------------------------------

  async ask({ question, collection, conversationId, requestId }: MethodArgs<"ask">): Promise<MethodResult<"ask">> {
    const controller = new AbortController();
    this.#asks.set(requestId, controller);
    try {
      const history = conversationId === null ? [] : (await this.conversations.get(conversationId)).history;
      const override = this.options.overrides?.generator;
      const [generator, reranker] = await Promise.all([override !== undefined ? override : this.models.getGenerator(), this.models.getReranker()]);
      const answer = await this.answers.ask(
        { question, collection, conversationId, history },
        { generator, reranker, signal: controller.signal, onToken: (text) => this.#events.emit("answerToken", { requestId, text }) },
      );
      const conversation = await this.conversations.appendTurn(conversationId, collection, { question, answer, askedAt: new Date().toISOString() });
      await this.audit?.append({
        kind: "ask",
        collection,
        question,
        answer: answer.answer,
        retrieved: answer.sources.map((s) => ({ documentId: s.documentId, page: s.page })),
        cited: answer.citations.map((s) => ({ documentId: s.documentId, page: s.page })),
        chatModel: this.models.catalog.selected("chat")?.id ?? null,
        embeddingModel: this.models.catalog.selected("embedding")?.id ?? null,
      });
      return { conversationId: conversation.id, answer };
    } finally {
      this.#asks.delete(requestId);
    }
  }
  abortAsk({ requestId }: MethodArgs<"abortAsk">): Promise<void> {
    this.#asks.get(requestId)?.abort();
    return Promise.resolve();
  }
  listConversations({ collection }: MethodArgs<"listConversations">) {
    return this.conversations.list(collection);
  }
  getConversation({ id }: MethodArgs<"getConversation">) {
    return this.conversations.get(id);
  }
  deleteConversation({ id }: MethodArgs<"deleteConversation">) {
    return this.conversations.delete(id);
  }
  async exportConversation({ id }: MethodArgs<"exportConversation">): Promise<string> {
    if (this.policy.values.DisableExport) throw new ExportDisabledError();
    const conversation = await this.conversations.get(id);
    await this.audit?.append({ kind: "export", collection: conversation.collection, conversationId: id });
    return this.conversations.exportMarkdown(id);
  }

  // --- models --------------------------------------------------------------------------------

  async listModels(): Promise<ModelsState> {
    await this.models.catalog.refresh();
    return this.models.state();
  }
  async selectModel({ role, modelId }: MethodArgs<"selectModel">): Promise<ModelsState> {
    if (this.policy.values.LockSettings) throw new SettingsLockedError();
    await this.models.catalog.select(role, modelId);
    const state = this.models.state();
    this.#events.emit("modelsChanged", state);
    if (role === "embedding" && modelId !== null) this.embedInBackground();
    return state;
  }
  async addModel({ path: file, copy }: { path: string; copy: boolean }): Promise<ModelsState> {
    if (this.policy.values.LockSettings) throw new SettingsLockedError();
    await this.models.catalog.add(file, { copy });
    const state = this.models.state();
    this.#events.emit("modelsChanged", state);
    return state;
  }

  // --- internals -----------------------------------------------------------------------------

  private embedder(): Promise<Embedder | null> {
    const override = this.options.overrides?.embedder;
    return override !== undefined ? Promise.resolve(override) : this.models.getEmbedder();
  }

  private async retriever(): Promise<Retriever> {
    const embedder = await this.embedder();
    return new Retriever(this.store, embedder === null ? {} : { embedder, vectors: this.store });
  }

  /** Embeds passages that lack a vector from the selected model; returns how many were truncated. */
  private async embedNow(): Promise<number> {
    const embedder = await this.embedder();
    if (embedder === null) return 0;
    return embedPending(this.store, embedder, (done, total) => this.#events.emit("backgroundProgress", { task: "embedding", done, total }));
  }

  /** After a model switch: re-embed while full-text search keeps working. */
  private embedInBackground(): void {
    this.#background = this.#background.then(() => this.embedNow()).then(
      () => undefined,
      (error: unknown) => this.#events.emit("backgroundProgress", { task: `embedding failed: ${error instanceof Error ? error.message : String(error)}`, done: 0, total: 0 }),
    );
  }
}
