/**
 * The one contract between the renderer and the app. Every method and event is declared here
 * once; the preload, the gateway in main and the renderer derive their types from it.
 *
 * Each method takes exactly one argument object (validated by its zod schema in main) and
 * resolves to its result type. Events are pushed from main to the renderer.
 */
import { z } from "zod";
import type { ErrorCode } from "./errorCodes";
import type {
  Answer,
  AppInfo,
  CollectionInfo,
  Conversation,
  ConversationSummary,
  DocumentInfo,
  ExportResult,
  ImportEvent,
  ImportReport,
  ModelsState,
  PageText,
  Passage,
  PrivacyStatus,
  SourceFolderStatus,
} from "./types";

/** Declares a method: its argument schema and (type-only) result. */
function method<S extends z.ZodType, R>(input: S): { input: S; result: R } {
  return { input, result: undefined as R };
}

const collectionName = z
  .string()
  .trim()
  .min(1, "A collection needs a name.")
  .max(80, "Collection names are at most 80 characters.")
  .refine(
    (s) => !/[/\\]/.test(s) && ![...s].some((c) => c.charCodeAt(0) < 32),
    "Collection names cannot contain slashes or control characters.",
  );
const documentId = z.string().regex(/^[0-9a-f]{64}$/, "Not a document id.");
/**
 * Documents a search or question is restricted to, inside its collection(s): at most 50, each
 * a document id. Absent (or, for a new conversation, empty) means the whole collection.
 */
const documentScope = z
  .array(documentId)
  .max(50, "A question can be scoped to at most 50 documents.")
  .optional();
const requestId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
const modelRole = z.enum(["chat", "embedding", "reranker"]);
const exportFormat = z.enum(["markdown", "pdf"]);
const empty = z.object({}).strict();

export const methods = {
  getAppInfo: method<typeof empty, AppInfo>(empty),
  getPrivacyStatus: method<typeof empty, PrivacyStatus>(empty),

  listCollections: method<typeof empty, CollectionInfo[]>(empty),
  createCollection: method<z.ZodObject<{ name: typeof collectionName }>, CollectionInfo>(
    z.object({ name: collectionName }).strict(),
  ),
  renameCollection: method<
    z.ZodObject<{ from: typeof collectionName; to: typeof collectionName }>,
    CollectionInfo
  >(z.object({ from: collectionName, to: collectionName }).strict()),
  /** Deletes the collection; documents in no other collection are deleted for real. */
  deleteCollection: method<
    z.ZodObject<{ name: typeof collectionName }>,
    { removedDocuments: number }
  >(z.object({ name: collectionName }).strict()),

  listDocuments: method<z.ZodObject<{ collection: typeof collectionName }>, DocumentInfo[]>(
    z.object({ collection: collectionName }).strict(),
  ),
  /** Removes the document from the collection; deleted for real when in no other collection. */
  removeDocument: method<
    z.ZodObject<{ collection: typeof collectionName; documentId: typeof documentId }>,
    { deleted: boolean }
  >(z.object({ collection: collectionName, documentId }).strict()),
  reindexDocument: method<z.ZodObject<{ documentId: typeof documentId }>, DocumentInfo>(
    z.object({ documentId }).strict(),
  ),
  getPageText: method<z.ZodObject<{ documentId: typeof documentId; page: z.ZodNumber }>, PageText>(
    z.object({ documentId, page: z.number().int().min(1).max(1_000_000) }).strict(),
  ),
  /** The document's original bytes, for the PDF viewer. */
  getDocumentBytes: method<z.ZodObject<{ documentId: typeof documentId }>, Uint8Array>(
    z.object({ documentId }).strict(),
  ),
  openInSystemViewer: method<z.ZodObject<{ documentId: typeof documentId }>, void>(
    z.object({ documentId }).strict(),
  ),

  /** Opens a native dialog in main and imports what the user picks. */
  importWithDialog: method<
    z.ZodObject<{
      collection: typeof collectionName;
      requestId: typeof requestId;
      folders: z.ZodBoolean;
    }>,
    ImportReport
  >(z.object({ collection: collectionName, requestId, folders: z.boolean() }).strict()),
  /**
   * Imports files the user dropped. The preload turns dropped File objects into paths
   * (webUtils.getPathForFile); the renderer never supplies a path string itself.
   */
  importDropped: method<
    z.ZodObject<{
      collection: typeof collectionName;
      requestId: typeof requestId;
      paths: z.ZodArray<z.ZodString>;
    }>,
    ImportReport
  >(
    z
      .object({
        collection: collectionName,
        requestId,
        paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000),
      })
      .strict(),
  ),

  /**
   * Imports Enclave's own user guide (shared/sampleGuide.ts) into the collection, as a PDF whose
   * answers cite its pages: the first-run sample. Importing it again changes nothing.
   */
  importSample: method<
    z.ZodObject<{ collection: typeof collectionName; requestId: typeof requestId }>,
    ImportReport
  >(z.object({ collection: collectionName, requestId }).strict()),

  /**
   * Stops the import with this request id: the file in flight is abandoned and rolled back, files
   * already imported stay, the rest are reported with code ABORTED. Nothing happens when no such
   * import runs.
   */
  abortImport: method<z.ZodObject<{ requestId: typeof requestId }>, void>(
    z.object({ requestId }).strict(),
  ),

  /**
   * Ranked passages from the collections; with `documents`, only from those documents (each must
   * be in one of the collections; others are ignored). Page and section references in the query
   * ("page 14", "the cover page", "appendix B") rank those pages first.
   */
  search: method<
    z.ZodObject<{
      query: z.ZodString;
      collections: z.ZodArray<typeof collectionName>;
      limit: z.ZodNumber;
      documents: typeof documentScope;
    }>,
    Passage[]
  >(
    z
      .object({
        query: z.string().trim().min(1, "Type something to search for.").max(2000),
        collections: z.array(collectionName).min(1).max(100),
        limit: z.number().int().min(1).max(100),
        documents: documentScope,
      })
      .strict(),
  ),

  /**
   * Answers from the collection, or only from `documents` within it. The scope is stored with the
   * conversation: a follow-up (a conversationId) without `documents` keeps the stored scope; one
   * with `documents` replaces it (an empty array widens it to the whole collection).
   */
  ask: method<
    z.ZodObject<{
      question: z.ZodString;
      collection: typeof collectionName;
      conversationId: z.ZodNullable<z.ZodString>;
      requestId: typeof requestId;
      documents: typeof documentScope;
    }>,
    { conversationId: string; answer: Answer }
  >(
    z
      .object({
        question: z.string().trim().min(1, "Ask a question.").max(4000),
        collection: collectionName,
        conversationId: z.string().max(64).nullable(),
        requestId,
        documents: documentScope,
      })
      .strict(),
  ),
  abortAsk: method<z.ZodObject<{ requestId: typeof requestId }>, void>(
    z.object({ requestId }).strict(),
  ),

  listConversations: method<
    z.ZodObject<{ collection: typeof collectionName }>,
    ConversationSummary[]
  >(z.object({ collection: collectionName }).strict()),
  getConversation: method<z.ZodObject<{ id: z.ZodString }>, Conversation>(
    z.object({ id: z.string().max(64) }).strict(),
  ),
  deleteConversation: method<z.ZodObject<{ id: z.ZodString }>, void>(
    z.object({ id: z.string().max(64) }).strict(),
  ),
  /**
   * Asks for a destination with a native save dialog in main, then writes the conversation there
   * as Markdown or as a PDF report with its cited sources. Refused when policy disables export;
   * a cancelled dialog writes and logs nothing.
   */
  exportConversationWithDialog: method<
    z.ZodObject<{ id: z.ZodString; format: typeof exportFormat }>,
    ExportResult
  >(z.object({ id: z.string().max(64), format: exportFormat }).strict()),

  /** A collection's source folders (every collection's without one), with where their syncing stands. */
  listSourceFolders: method<
    z.ZodObject<{ collection: z.ZodOptional<typeof collectionName> }>,
    SourceFolderStatus[]
  >(z.object({ collection: collectionName.optional() }).strict()),
  /**
   * Opens a native folder dialog in main and adds the picked folders to the collection: they
   * are imported in the background and followed from then on. Resolves to the collection's folders.
   */
  addSourceFolderWithDialog: method<
    z.ZodObject<{ collection: typeof collectionName }>,
    SourceFolderStatus[]
  >(z.object({ collection: collectionName }).strict()),
  /** Stops following a source folder (by id); its documents stay in the collection. */
  removeSourceFolder: method<z.ZodObject<{ id: z.ZodString }>, { removed: boolean }>(
    z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, "Not a source folder id.") }).strict(),
  ),

  listModels: method<typeof empty, ModelsState>(empty),
  selectModel: method<
    z.ZodObject<{ role: typeof modelRole; modelId: z.ZodNullable<z.ZodString> }>,
    ModelsState
  >(z.object({ role: modelRole, modelId: z.string().max(128).nullable() }).strict()),
  /** Opens a native file dialog in main and adds the picked GGUF file. */
  addModelWithDialog: method<z.ZodObject<{ copy: z.ZodBoolean }>, ModelsState>(
    z.object({ copy: z.boolean() }).strict(),
  ),
} as const;

export type MethodName = keyof typeof methods;
export type MethodArgs<M extends MethodName> = z.infer<(typeof methods)[M]["input"]>;
export type MethodResult<M extends MethodName> = (typeof methods)[M]["result"];
export const methodNames = Object.keys(methods) as MethodName[];

/** Payload of `vectorSearchFailed`: the embedding model whose vector search failed, and why. */
export const vectorSearchFailedEvent = z.object({ modelId: z.string(), message: z.string() });

/** Events pushed from main to the renderer. */
export interface EventPayloads {
  importProgress: ImportEvent;
  answerToken: { requestId: string; text: string };
  modelsChanged: ModelsState;
  /** Background work such as re-embedding after a model switch. */
  backgroundProgress: { task: string; done: number; total: number };
  /** A search fell back to full-text results only because vector search failed (say so in the UI). */
  vectorSearchFailed: z.infer<typeof vectorSearchFailedEvent>;
  /** A source folder's syncing changed state or progressed (with an ETA once measured). */
  sourceFolderStatus: SourceFolderStatus;
}
export type EventName = keyof EventPayloads;
export const eventNames: EventName[] = [
  "importProgress",
  "answerToken",
  "modelsChanged",
  "backgroundProgress",
  "vectorSearchFailed",
  "sourceFolderStatus",
];

export interface ErrorEnvelope {
  ok: false;
  error: { code: ErrorCode; message: string };
}
export type Envelope<T> = { ok: true; value: T } | ErrorEnvelope;

/** The API the preload exposes as `window.enclave`: one method per operation, plus `on`. */
export type EnclaveApi = {
  [M in Exclude<MethodName, "importDropped">]: (args: MethodArgs<M>) => Promise<MethodResult<M>>;
} & {
  /** Takes the dropped DOM File objects; the preload resolves their paths. */
  importDropped(args: {
    collection: string;
    requestId: string;
    files: readonly unknown[];
  }): Promise<ImportReport>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

/**
 * Methods the shell (Electron main) answers itself, because they need a dialog or the OS
 * (the file picker, drag and drop, the system viewer, the window's request log); the engine
 * answers every other method. Declared once: the gateway routes by it, EngineApi excludes it.
 */
export const shellMethodNames = [
  "importWithDialog",
  "importDropped",
  "addModelWithDialog",
  "addSourceFolderWithDialog",
  "exportConversationWithDialog",
  "openInSystemViewer",
  "getPrivacyStatus",
] as const satisfies readonly MethodName[];
export type ShellMethod = (typeof shellMethodNames)[number];
const shellMethodSet: ReadonlySet<string> = new Set(shellMethodNames);
export function isShellMethod(method: MethodName): method is ShellMethod {
  return shellMethodSet.has(method);
}

/** Channel names derive from method and event names, so they are typed in one place only. */
export const invokeChannel = (m: MethodName): string => `enclave:${m}`;
export const eventChannel = (e: EventName): string => `enclave:event:${e}`;
