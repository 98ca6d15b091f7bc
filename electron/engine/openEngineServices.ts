/** The engine's composition: every service, created once and wired (see Engine.ts for the map). */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { emptyPolicy, type ResolvedPolicy } from "../../shared/policy";
import { AnswerEngine } from "./answer/AnswerEngine";
import type { AuditLog } from "./audit/AuditLog";
import { openAuditLogForPolicy } from "./audit/openAuditLog";
import { APP_VERSION } from "./appVersion";
import type { EngineOptions } from "./EngineOptions";
import { EventHub } from "./EventHub";
import { EmbeddingIndexer } from "./ingest/EmbeddingIndexer";
import { attachmentsDir } from "./ingest/importAttachments";
import { annotateOcr } from "./ingest/ocr/annotateOcr";
import { listOcrLanguages } from "./ingest/ocr/ocrLanguages";
import { setOcrSettings } from "./ingest/ocr/ocrSettings";
import { withPageOcr } from "./ingest/ocr/pageOcrText";
import { Importer } from "./ingest/Importer";
import { ConversationStore } from "./library/ConversationStore";
import { LazyModelServices } from "./LazyModelServices";
import { recordNetworkRefusal } from "./net/networkGuard";
import type { Embedder } from "./llm/types";
import { Retriever } from "./retrieve/Retriever";
import type { LibraryWithPacks } from "./packs/LibraryWithPacks";
import { openLibraryWithPacks } from "./packs/openLibraryWithPacks";
import { LanceStore } from "./store/LanceStore";
import { namingLibraryDamage } from "./store/libraryDamage";
import type { DataFolderLock } from "./support/DataFolderLock";
import { UserActivity } from "./support/UserActivity";

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_BUNDLED_MODELS = path.resolve(here, "..", "..", "resources", "models");

export interface EngineServices {
  options: EngineOptions;
  policy: ResolvedPolicy;
  appVersion: string;
  events: EventHub;
  /** The user's library with the managed packs beside it (changes reach only the user's). */
  store: LibraryWithPacks;
  /** Opened at once for a writer, on first use for a reader (LazyModelServices). */
  models: LazyModelServices;
  indexer: EmbeddingIndexer;
  importer: Importer;
  retriever: Retriever;
  answers: AnswerEngine;
  conversations: ConversationStore;
  audit: AuditLog | null;
  /** The data folder's lock; null for an engine opened read-only. */
  lock: DataFolderLock | null;
  /** Questions and searches in flight, which background passes over source folders wait for. */
  activity: UserActivity;
  /** Damaged files set aside since start (settings, audit head, conversations), for getAppInfo. */
  notices: readonly string[];
}

/**
 * The engine's services, created once, lowest layer first, each handed what it needs through
 * its constructor: store -> models -> audit -> indexer -> importer -> retriever -> answers ->
 * conversations. `lock` is null for an engine opened read-only (EngineOptions.access).
 */
export async function openEngineServices(
  options: EngineOptions,
  lock: DataFolderLock | null,
): Promise<EngineServices> {
  const { dataDir } = options;
  const readOnly = lock === null;
  const policy = options.policy ?? emptyPolicy();
  const appVersion = options.appVersion ?? APP_VERSION;
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const events = new EventHub();
  const libraryDir = path.join(dataDir, "library");
  const personal = await namingLibraryDamage(libraryDir, () =>
    LanceStore.open(libraryDir, { access: readOnly ? "read" : "write" }),
  );
  const notices: string[] = [];
  const notify = (message: string): void => {
    notices.push(message);
    log(message);
  };
  const ocrLanguageSettings = {
    languages: (policy.values.OcrLanguages ?? "eng").split("+").filter((c) => c !== ""),
    languagesDir: policy.values.OcrLanguagesDirectory,
  };
  const models = new LazyModelServices(
    {
      dataDir,
      bundledDir: options.bundledModelsDir ?? DEFAULT_BUNDLED_MODELS,
      policy,
      externalDirs: options.externalModelDirs,
      overrides: options.overrides,
      host: options.modelHost === "in-process" ? null : (options.modelHost ?? null),
      onHostNetworkRefusal: recordNetworkRefusal,
    },
    (opened) => opened.catalog.notices.forEach(notify),
    () => ({ ocrLanguages: listOcrLanguages(ocrLanguageSettings) }),
  );
  if (!readOnly) await models.get();
  const store = await openLibraryWithPacks(personal, {
    policy: policy.values,
    // Called only by searches and listings, after `embedder` below exists.
    embeddingModelId: async () => (await embedder())?.modelId ?? null,
    onNotice: notify,
    annotatePage: (text) => withPageOcr(text, path.join(dataDir, "ocr")),
  });
  // A reader writes no audit line (its questions are refused), so it never opens the log.
  const audit = readOnly
    ? null
    : await openAuditLogForPolicy({
        policy: policy.values,
        dataDir,
        appVersion,
        requireMirror: policy.values.AuditRequireSystemLog,
        onWarning: notify,
      });
  // The policy in force opens every session of the log, so each later line reads under it.
  await audit?.append({
    kind: "policy",
    managedKeys: [...policy.managedKeys],
    values: Object.fromEntries(policy.managedKeys.map((k) => [k, policy.values[k]])),
    problems: policy.problems.map((p) => `${p.key}: ${p.message}`),
  });
  const embedder = async (): Promise<Embedder | null> => (await models.get()).getEmbedder();
  const indexer = new EmbeddingIndexer(store, {
    embedder,
    onProgress: (done, total) =>
      events.emit("backgroundProgress", { task: "embedding", done, total }),
    onError: (error) =>
      events.emit("backgroundProgress", {
        task: `embedding failed: ${messageOf(error)}`,
        done: 0,
        total: 0,
      }),
  });
  setOcrSettings({ cacheDir: path.join(dataDir, "ocr"), ...ocrLanguageSettings });
  const importer = new Importer(store, {
    chunking: options.chunking,
    maxFileBytes: policy.values.MaxImportFileSizeMB * 2 ** 20,
    indexer,
    attachmentsDir: attachmentsDir(dataDir),
    onResult: async (collection, r) => {
      await audit?.append({
        kind: "import",
        collection,
        file: r.file,
        documentId: r.documentId ?? "",
        ok: r.ok,
        error: r.error?.message,
      });
    },
  });
  const retriever = new Retriever(store, {
    annotate: (passages) => annotateOcr(passages, path.join(dataDir, "ocr")),
    embedder,
    vectors: store,
    onVectorError: (error, modelId) => {
      log(
        `Vector search with embedding model ${modelId} failed, so results are full-text only: ${messageOf(error)}`,
      );
      events.emit("vectorSearchFailed", { modelId, message: messageOf(error) });
    },
  });
  const answers = new AnswerEngine({ retriever, termStats: (words) => store.termStats(words) });
  const activity = new UserActivity();
  activity.track(retriever, "search");
  activity.track(answers, "ask");
  for (const message of audit?.notices ?? []) notify(message);
  const conversations = new ConversationStore(dataDir, { onSetAside: notify });
  return {
    options,
    policy,
    appVersion,
    events,
    store,
    models,
    indexer,
    importer,
    retriever,
    answers,
    conversations,
    audit,
    lock,
    activity,
    notices,
  };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
