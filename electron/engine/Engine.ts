/**
 * The engine's composition root: it takes the data folder's lock, creates every service once,
 * lowest layer first (openEngineServices.ts), and implements the contract for its hosts (Electron
 * main, the CLI, tests). Imports nothing from Electron. A map, lowest layer first; a layer
 * imports only from layers below it, never from its neighbours on the same line:
 *
 *   shared/text/        the one text analyser: tokens, stems, stop words, code terms, language
 *   support/            small Node helpers: serial queue, atomic JSON files, optional reads,
 *                       the data folder's single-writer lock (DataFolderLock)
 *   net/, llm/, policy/ the network guard; GGUF models (catalog, runtime, generator, embedder,
 *                       reranker, the allow-list checked at load); the one managed-policy reader
 *   store/              LanceDB: collections, documents, pages, passages, vectors, their searches
 *   ingest/, retrieve/, files -> passages in the store, and the embedding indexer; a question ->
 *   packs/              ranked passages (fused); library packs IT ships: build, verify, mount
 *   answer/             passages -> an answer cited to the page (quoted passages without a model)
 *   library/, audit/,   conversations beside the index; the tamper-evident audit log; source
 *   sync/               folders kept in step (reconcile, native watcher, queue on disk)
 *   Engine.ts           this file: the contract's methods; openEngineServices.ts creates and
 *                       wires the services; documentLifecycle.ts deletes and re-indexes across
 *                       store, conversations and audit; EngineSync.ts: source folders (sync/)
 *
 * The order is enforced by lint (ENGINE_LAYERS in eslint.config.js), type imports included.
 */
import path from "node:path";
import type { EventPayloads, MethodArgs, MethodResult } from "../../shared/contract";
import type { AppInfo, ExportFormat, ImportReport, ModelsState } from "../../shared/types";
import { auditDirFor } from "./audit/openAuditLog";
import type { EngineApi } from "./EngineApi";
import { EngineSync } from "./EngineSync";
import { systemViewerFile } from "./ingest/systemViewerFile";
import { writeSampleGuide } from "./library/sampleGuide";
import { renderConversationExport, type ConversationExport } from "./library/conversationExport";
import { fastModelId } from "./llm/modelHashes";
import { installNetworkGuard, networkRefusals } from "./net/networkGuard";
import { ReadOnlyStoreError } from "./store/LanceStore";
import { namingLibraryDamage } from "./store/libraryDamage";
import { DataFolderLock } from "./support/DataFolderLock";
import { collectDiagnostics, type DiagnosticsBundle } from "./diagnostics";
import { DocumentChangedError, ExportDisabledError, SettingsLockedError } from "./errors";
import { readViewerBytes } from "./viewerBytes";
import type { AskOptions, EngineOptions } from "./EngineOptions";
import { deleteCollection, reindexDocument, removeDocument } from "./documentLifecycle";
import { openEngineServices, type EngineServices } from "./openEngineServices";

export type { AskOptions, EngineLockOptions, EngineOptions } from "./EngineOptions";

export class Engine extends EngineSync implements EngineApi {
  readonly #asks = new Map<string, AbortController>();
  readonly #imports = new Map<string, AbortController>();

  /** Opens the engine on `options.dataDir`; a writer first takes the folder's lock (EngineOptions.access). */
  static async create(options: EngineOptions): Promise<Engine> {
    installNetworkGuard();
    if (options.access === "read") return Engine.start(await openEngineServices(options, null));
    const lock = await DataFolderLock.acquire(options.dataDir, {
      command: options.lock?.command ?? commandLine(),
      waitMs: options.lock?.waitMs,
      onWait: options.lock?.onWait,
    });
    try {
      return Engine.start(await openEngineServices(options, lock));
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  private static start(services: EngineServices): Engine {
    const engine = new Engine(services);
    const { lock, options } = services;
    if (lock !== null && (options.resumeEmbedding ?? true)) engine.indexInBackground();
    return engine;
  }

  on<E extends keyof EventPayloads>(
    event: E,
    listener: (payload: EventPayloads[E]) => void,
  ): () => void {
    return this.s.events.on(event, listener);
  }

  async collectDiagnostics(): Promise<DiagnosticsBundle> {
    const state = await this.listModels();
    return collectDiagnostics({
      dataDir: this.s.options.dataDir,
      appVersion: this.s.appVersion,
      policy: this.s.policy,
      modelFolders: state.folders,
      audit: this.auditEnabled() ? null : { enabled: false, lines: 0, ok: null },
    });
  }

  guardRefusals(): { at: string; kind: string; target: string }[] {
    return networkRefusals().map((r) => ({ at: r.at, kind: r.kind, target: r.target }));
  }

  async close(): Promise<void> {
    for (const c of this.#asks.values()) c.abort();
    // Aborts a re-embed in flight rather than waiting for it: the next open embeds the rest.
    await this.closeBackground();
    await this.s.models.dispose();
    await this.s.audit?.close();
    try {
      await this.s.store.close();
    } finally {
      await this.s.lock?.release();
    }
  }

  getAppInfo(): Promise<AppInfo> {
    return Promise.resolve({
      version: this.s.appVersion,
      dataDir: this.s.options.dataDir,
      managedKeys: [...this.s.policy.managedKeys],
      exportDisabled: this.s.policy.values.DisableExport,
      settingsLocked: this.s.policy.values.LockSettings,
      startupNotices: [...this.s.notices],
    });
  }

  // --- collections and documents -------------------------------------------------------------

  listCollections() {
    return this.s.store.listCollections();
  }
  createCollection({ name }: MethodArgs<"createCollection">) {
    return this.s.store.createCollection(name);
  }
  async renameCollection({ from, to }: MethodArgs<"renameCollection">) {
    const info = await this.s.store.renameCollection(from, to);
    await this.s.conversations.renameCollection(from, to);
    return info;
  }
  deleteCollection(args: MethodArgs<"deleteCollection">) {
    return deleteCollection(this.s, args);
  }
  listDocuments({ collection }: MethodArgs<"listDocuments">) {
    return this.s.store.listDocuments(collection);
  }
  removeDocument(args: MethodArgs<"removeDocument">) {
    return removeDocument(this.s, args);
  }
  reindexDocument(args: MethodArgs<"reindexDocument">) {
    return reindexDocument(this.s, args, (a) => this.importPaths(a));
  }
  /** The page's text; with the audit log on, returned only once the view is on disk. */
  async getPageText({ documentId, page }: MethodArgs<"getPageText">) {
    const text = await this.s.store.getPageText(documentId, page);
    await this.s.audit?.append({ kind: "view", documentId, page, via: "page-text" });
    return text;
  }
  /**
   * The file to open in the system viewer: the original only while it still holds the imported
   * bytes, and only for PDF and Word documents; other formats open as a text copy (see
   * systemViewerFile). Throws DocumentChangedError when the file changed or is gone. The shell
   * opens what this returns, so the view is audited here, before the path leaves the engine.
   */
  async getDocumentPath({ documentId }: { documentId: string }): Promise<string> {
    const file = await this.viewerFile(documentId);
    await this.s.audit?.append({ kind: "view", documentId, page: null, via: "system-viewer" });
    return file;
  }
  /** The original bytes, checked against the document's hash so the viewer never shows another version. */
  async getDocumentBytes({ documentId }: MethodArgs<"getDocumentBytes">): Promise<Uint8Array> {
    // Read once and hash what was read: the bytes shown are the bytes checked (no second read,
    // and no system-viewer copy, which the in-app viewer does not need).
    const doc = await this.s.store.getDocument(documentId);
    if (doc === null) throw new DocumentChangedError(documentId);
    const bytes = await readViewerBytes(documentId, doc.path);
    await this.s.audit?.append({ kind: "view", documentId, page: null, via: "document-bytes" });
    return bytes;
  }

  async importPaths(args: {
    collection: string;
    requestId: string;
    paths: string[];
  }): Promise<ImportReport> {
    this.assertWritable();
    const controller = new AbortController();
    this.#imports.set(args.requestId, controller);
    try {
      return await this.s.importer.import(
        args,
        (e) => this.s.events.emit("importProgress", e),
        controller.signal,
      );
    } finally {
      if (this.#imports.get(args.requestId) === controller) this.#imports.delete(args.requestId);
    }
  }
  async importSample(args: MethodArgs<"importSample">): Promise<ImportReport> {
    this.assertWritable();
    return this.importPaths({ ...args, paths: [await writeSampleGuide(this.s.options.dataDir)] });
  }
  abortImport({ requestId }: MethodArgs<"abortImport">): Promise<void> {
    this.#imports.get(requestId)?.abort();
    return Promise.resolve();
  }

  /** Ranked passages; with the audit log on, returned only once the search is on disk. */
  async search({ query, collections, limit, documents }: MethodArgs<"search">) {
    const hits = await namingLibraryDamage(this.libraryDir, () =>
      this.s.retriever.search(query, { collections, documents }, limit),
    );
    await this.s.audit?.append({
      kind: "search",
      collections,
      query,
      results: hits.map((h) => ({ documentId: h.documentId, page: h.page })),
    });
    return hits;
  }

  // --- answers and conversations -------------------------------------------------------------

  async ask(
    { question, collection, conversationId, requestId, documents }: MethodArgs<"ask">,
    { chatModelId }: AskOptions = {},
  ): Promise<MethodResult<"ask">> {
    this.assertWritable();
    const models = await this.s.models.get();
    const selectedChat = models.catalog.selected("chat")?.id ?? null;
    // Under LockSettings IT chooses the chat model, for every question.
    if (
      chatModelId !== undefined &&
      chatModelId !== selectedChat &&
      this.s.policy.values.LockSettings
    )
      throw new SettingsLockedError();
    const chatModel = chatModelId ?? selectedChat;
    const embeddingModel = models.catalog.selected("embedding")?.id ?? null;
    // On disk before retrieval starts and before any token is shown; a failure refuses the question.
    await this.s.audit?.append({
      kind: "question",
      requestId,
      collection,
      question,
      chatModel,
      embeddingModel,
    });
    const controller = new AbortController();
    this.#asks.set(requestId, controller);
    try {
      const earlier =
        conversationId === null ? null : await this.s.conversations.get(conversationId);
      const history = earlier?.history ?? [];
      const scope = documents ?? earlier?.documents ?? [];
      const [generator, reranker] = await Promise.all([
        models.getGenerator(chatModelId),
        models.getReranker(),
      ]);
      const answer = await namingLibraryDamage(this.libraryDir, () =>
        this.s.answers.ask(
          { question, collection, conversationId, history, documents: scope },
          {
            generator,
            reranker,
            signal: controller.signal,
            onToken: (text) => this.s.events.emit("answerToken", { requestId, text }),
          },
        ),
      );
      // A stopped answer is recorded too: what was shown of it, marked stopped. A question that
      // fails has only its "question" entry: its error reaches the user, no answer does.
      await this.s.audit?.append({
        kind: "ask",
        requestId,
        stopped: controller.signal.aborted,
        collection,
        question,
        answer: answer.answer,
        retrieved: answer.sources.map((s) => ({ documentId: s.documentId, page: s.page })),
        cited: answer.citations.map((s) => ({ documentId: s.documentId, page: s.page })),
        chatModel,
        embeddingModel,
      });
      const conversation = await this.s.conversations.appendTurn(
        conversationId,
        collection,
        { question, answer, askedAt: new Date().toISOString() },
        scope,
      );
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
    return this.s.conversations.list(collection);
  }
  getConversation({ id }: MethodArgs<"getConversation">) {
    return this.s.conversations.get(id);
  }
  deleteConversation({ id }: MethodArgs<"deleteConversation">) {
    this.assertWritable();
    return this.s.conversations.delete(id);
  }
  /**
   * Renders the conversation and hands it to `save` (in the app: main's save dialog and an atomic
   * write). Audited only once `save` says where it wrote the file: a cancelled dialog logs nothing.
   */
  async exportConversation(
    { id, format }: { id: string; format: ExportFormat },
    save: (file: ConversationExport) => Promise<string | null>,
  ): Promise<string | null> {
    if (this.s.policy.values.DisableExport) throw new ExportDisabledError();
    const conversation = await this.s.conversations.get(id);
    const written = await save(await renderConversationExport(conversation, format));
    if (written === null) return null;
    await this.s.audit?.append({
      kind: "export",
      collection: conversation.collection,
      conversationId: id,
    });
    return written;
  }

  // --- models --------------------------------------------------------------------------------

  async listModels(): Promise<ModelsState> {
    const models = await this.s.models.get();
    await models.catalog.refresh();
    return models.state();
  }
  async selectModel({ role, modelId }: MethodArgs<"selectModel">): Promise<ModelsState> {
    this.assertWritable();
    if (this.s.policy.values.LockSettings) throw new SettingsLockedError();
    const models = await this.s.models.get();
    await models.catalog.select(role, modelId);
    await this.s.audit?.append({ kind: "model", action: "select", role, modelId });
    const state = models.state();
    this.s.events.emit("modelsChanged", state);
    // Re-embeds in the background while full-text search keeps working.
    if (role === "embedding" && modelId !== null) this.indexInBackground();
    return state;
  }
  async addModel({ path: file, copy }: { path: string; copy: boolean }): Promise<ModelsState> {
    this.assertWritable();
    if (this.s.policy.values.LockSettings) throw new SettingsLockedError();
    const models = await this.s.models.get();
    await models.catalog.add(file, { copy });
    const modelId = await fastModelId(path.resolve(file));
    const added = models.catalog.get(modelId);
    await this.s.audit?.append({
      kind: "model",
      action: "add",
      role: added?.role ?? null,
      modelId,
      file: path.resolve(file),
    });
    const state = models.state();
    this.s.events.emit("modelsChanged", state);
    return state;
  }

  // --- internals -----------------------------------------------------------------------------

  /** Whether policy turns the audit log on (a read-only engine has it on without opening it). */
  private auditEnabled(): boolean {
    return (
      this.s.audit !== null || auditDirFor(this.s.policy.values, this.s.options.dataDir) !== null
    );
  }

  /** An engine opened with access "read" holds no lock and changes nothing (its store refuses too). */
  private assertWritable(): void {
    if (this.s.lock === null)
      throw new ReadOnlyStoreError(
        "This engine was opened read-only (another process may hold the data folder), so it cannot change the library, conversations or models.",
      );
  }

  private async viewerFile(documentId: string): Promise<string> {
    const doc = await this.s.store.getDocument(documentId);
    if (doc === null) throw new DocumentChangedError(documentId);
    const file = await systemViewerFile(doc).catch(() => null);
    if (file === null) throw new DocumentChangedError(documentId, doc.path);
    return file;
  }

  private get libraryDir(): string {
    return path.join(this.s.options.dataDir, "library");
  }

  /** Asks the indexer for a pass without waiting; a failure reaches the UI as a backgroundProgress event (its onError). */
  private indexInBackground(): void {
    void this.s.indexer.index().catch(() => undefined);
  }
}

/** What other processes are told holds the data folder: this process's command, shortened. */
function commandLine(): string {
  const [, script, ...args] = process.argv;
  return [path.basename(script ?? process.argv0), ...args].join(" ");
}
