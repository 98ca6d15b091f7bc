/**
 * What the engine offers its hosts (Electron main, the CLI, tests). It mirrors the contract in
 * shared/contract.ts, minus the methods that need the shell (dialogs, the system viewer, the
 * shell's own request counter), plus the path-taking calls the shell makes after a dialog.
 */
import type {
  EventPayloads,
  MethodArgs,
  MethodName,
  MethodResult,
  ShellMethod,
} from "../../shared/contract";
import type {
  ExportFormat,
  ImportReport,
  ModelsState,
  SourceFolderStatus,
  SyncReport,
} from "../../shared/types";
import type { DiagnosticsBundle } from "./diagnostics";
import type { ConversationExport } from "./library/conversationExport";

export type EngineMethod = Exclude<MethodName, ShellMethod>;

export type EngineApi = {
  [M in EngineMethod]: (args: MethodArgs<M>) => Promise<MethodResult<M>>;
} & {
  /** Imports files and folders (recursively); paths must come from a dialog, a drop or the CLI. */
  importPaths(args: {
    collection: string;
    requestId: string;
    paths: string[];
  }): Promise<ImportReport>;
  /**
   * Adds a source folder (from a dialog or the CLI) to a collection: it is imported in the
   * background and followed from then on (watching starts with startSync).
   */
  addSourceFolder(args: { collection: string; folder: string }): Promise<SourceFolderStatus>;
  /** One pass over a folder now (added as a source folder first); `signal` stops it between slices. */
  syncFolder(
    args: { collection: string; folder: string },
    signal?: AbortSignal,
  ): Promise<SyncReport>;
  /** Watches every source folder and runs the passes they are owed (the app, `enclave watch`). */
  startSync(): Promise<void>;
  /** Adds a GGUF file to the catalog, by copy into the user's models folder or by reference. */
  addModel(args: { path: string; copy: boolean }): Promise<ModelsState>;
  /**
   * Renders a conversation for export (refused under DisableExport) and hands it to `save`, which
   * writes it and resolves to where, or to null when the user cancelled. The export is audited
   * only once `save` has written it; the result is `save`'s.
   */
  exportConversation(
    args: { id: string; format: ExportFormat },
    save: (file: ConversationExport) => Promise<string | null>,
  ): Promise<string | null>;
  /** Absolute path of a document's original file (for "open in system viewer"). */
  getDocumentPath(args: { documentId: string }): Promise<string>;
  /** Versions, settings, effective policy, model folders and log tails — never document content — for IT. */
  collectDiagnostics(): Promise<DiagnosticsBundle>;
  /** Connections the engine's network guard refused. */
  guardRefusals(): { at: string; kind: string; target: string }[];
  on<E extends keyof EventPayloads>(
    event: E,
    listener: (payload: EventPayloads[E]) => void,
  ): () => void;
  close(): Promise<void>;
};
