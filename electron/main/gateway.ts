/**
 * The gateway between the renderer and the engine: checks who is calling, validates the
 * arguments against the contract, then calls the engine or the shell and wraps the outcome in
 * an envelope (Electron keeps only the message of a thrown error, so nothing is thrown across).
 *
 * Pure and injected: no Electron import, so the e2e tests drive this same code from headless
 * Chromium through Playwright's exposeBinding.
 */
import path from "node:path";
import type { ErrorCode } from "../../shared/errorCodes";
import {
  isShellMethod,
  methods,
  type Envelope,
  type MethodArgs,
  type MethodName,
  type ShellMethod,
} from "../../shared/contract";
import type { ExportFormat, ExportResult, ImportReport } from "../../shared/types";
import type { EngineApi, EngineMethod } from "../engine/EngineApi";
import { toErrorEnvelope } from "./toErrorEnvelope";
import { writeFileAtomic } from "../engine/support/writeFileAtomic";

/** What the gateway needs from the OS side of the shell; main implements it with Electron. */
export interface ShellServices {
  /** Shows the native open dialog for documents (folders when `folders`); null when cancelled. */
  pickImportPaths(folders: boolean): Promise<string[] | null>;
  /** Shows the native open dialog for one GGUF file; null when cancelled. */
  pickModelFile(): Promise<string | null>;
  /**
   * Shows the native save dialog for an export, offering `defaultName` (with the format's
   * extension); the chosen absolute path, or null when cancelled.
   */
  pickSavePath(defaultName: string, format: ExportFormat): Promise<string | null>;
  /** Opens a file in the system's default viewer; rejects with a coded error when it cannot. */
  openPath(path: string): Promise<void>;
  /** Web requests the lockdown refused since start. */
  blockedRequests(): { count: number; urls: string[] };
}

export interface GatewayOptions {
  engine: EngineApi;
  shell: ShellServices;
  /** True for the URL of a frame allowed to call (in the app: the app:// origin only). */
  isTrustedSender: (senderUrl: string) => boolean;
  /** Receives errors mapped to INTERNAL, for the log. Default: console.error. */
  onInternalError?: (method: string, error: unknown) => void;
}

export interface Gateway {
  handle(method: string, senderUrl: string, rawArgs: unknown): Promise<Envelope<unknown>>;
  /** Aborts every `ask` still running (the window closed); resolves when all were told. */
  abortInFlight(): Promise<void>;
}

/** Raised for a request the gateway refuses before it reaches the engine. */
export class GatewayRefusal extends Error {
  override name = "GatewayRefusal";
  constructor(
    readonly code: Extract<
      ErrorCode,
      "UNTRUSTED_SENDER" | "UNKNOWN_METHOD" | "INVALID_ARGUMENT" | "EXPORT_DISABLED"
    >,
    message: string,
  ) {
    super(message);
  }
}

function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

function parseArgs<M extends MethodName>(method: M, raw: unknown): MethodArgs<M> {
  const parsed = methods[method].input.safeParse(raw);
  if (parsed.success) return parsed.data as MethodArgs<M>;
  const issue = parsed.error.issues[0];
  const field =
    issue === undefined || issue.path.length === 0 ? "arguments" : issue.path.map(String).join(".");
  throw new GatewayRefusal(
    "INVALID_ARGUMENT",
    `${method}: ${field}: ${issue?.message ?? "invalid"}`,
  );
}

/**
 * Dropped paths come from the preload (webUtils.getPathForFile), never typed by page code; a
 * path that is not absolute or carries dot segments or NUL cannot be one of those.
 */
function checkDroppedPaths(paths: string[]): void {
  paths.forEach((candidate, index) => {
    const segments = candidate.split(/[\\/]/);
    if (!path.isAbsolute(candidate) || candidate.includes("\0") || segments.includes("..")) {
      throw new GatewayRefusal(
        "INVALID_ARGUMENT",
        `importDropped: paths.${index}: Not a dropped file's path.`,
      );
    }
  });
}

export function createGateway(options: GatewayOptions): Gateway {
  const { engine, shell, isTrustedSender } = options;
  const onInternalError =
    options.onInternalError ?? ((method, error) => console.error(`[gateway] ${method}`, error));
  const asksInFlight = new Set<string>();

  async function callShell(method: ShellMethod, raw: unknown): Promise<unknown> {
    switch (method) {
      case "importWithDialog": {
        const args = parseArgs(method, raw);
        const picked = await shell.pickImportPaths(args.folders);
        if (picked === null || picked.length === 0) {
          const cancelled: ImportReport = {
            requestId: args.requestId,
            results: [],
            truncatedChunks: 0,
          };
          return cancelled;
        }
        return engine.importPaths({
          collection: args.collection,
          requestId: args.requestId,
          paths: picked,
        });
      }
      case "importDropped": {
        const args = parseArgs(method, raw);
        checkDroppedPaths(args.paths);
        return engine.importPaths(args);
      }
      case "addModelWithDialog": {
        const args = parseArgs(method, raw);
        const picked = await shell.pickModelFile();
        if (picked === null) return engine.listModels({});
        return engine.addModel({ path: picked, copy: args.copy });
      }
      case "addSourceFolderWithDialog": {
        const args = parseArgs(method, raw);
        for (const folder of (await shell.pickImportPaths(true)) ?? [])
          await engine.addSourceFolder({ collection: args.collection, folder });
        return engine.listSourceFolders({ collection: args.collection });
      }
      case "exportConversationWithDialog": {
        const args = parseArgs(method, raw);
        // Refused before any dialog opens; the engine refuses again for its other hosts.
        if ((await engine.getAppInfo({})).exportDisabled) {
          throw new GatewayRefusal(
            "EXPORT_DISABLED",
            "Exporting conversations is turned off by your organisation's policy (DisableExport).",
          );
        }
        const written = await engine.exportConversation(args, async (file) => {
          const target = await shell.pickSavePath(file.fileName, file.format);
          if (target === null) return null;
          await writeFileAtomic(target, file.bytes);
          return target;
        });
        const result: ExportResult =
          written === null
            ? { saved: false, fileName: null }
            : { saved: true, fileName: path.basename(written) };
        return result;
      }
      case "openInSystemViewer": {
        const args = parseArgs(method, raw);
        await shell.openPath(await engine.getDocumentPath(args));
        return undefined;
      }
      case "getPrivacyStatus": {
        parseArgs(method, raw);
        const blocked = shell.blockedRequests();
        return {
          blockedRequests: blocked.count,
          blockedUrls: blocked.urls,
          guardRefusals: engine.guardRefusals(),
        };
      }
    }
  }

  async function callEngine(method: EngineMethod, raw: unknown): Promise<unknown> {
    const args = parseArgs(method, raw);
    const call = engine[method] as (args: unknown) => Promise<unknown>;
    if (method !== "ask") return call.call(engine, args);
    const { requestId } = args as MethodArgs<"ask">;
    asksInFlight.add(requestId);
    try {
      return await call.call(engine, args);
    } finally {
      asksInFlight.delete(requestId);
    }
  }

  return {
    async handle(method, senderUrl, rawArgs) {
      try {
        if (!isTrustedSender(senderUrl)) {
          throw new GatewayRefusal(
            "UNTRUSTED_SENDER",
            "This window is not allowed to use Enclave's data.",
          );
        }
        if (!isMethodName(method)) {
          throw new GatewayRefusal(
            "UNKNOWN_METHOD",
            `There is no operation named "${method.slice(0, 64)}".`,
          );
        }
        const value = isShellMethod(method)
          ? await callShell(method, rawArgs)
          : await callEngine(method, rawArgs);
        return { ok: true, value };
      } catch (error) {
        const envelope = toErrorEnvelope(error);
        if (envelope.error.code === "INTERNAL") onInternalError(method, error);
        return envelope;
      }
    },
    async abortInFlight() {
      const pending = [...asksInFlight];
      await Promise.all(
        pending.map((requestId) =>
          engine
            .abortAsk({ requestId })
            .catch((error: unknown) => onInternalError("abortAsk", error)),
        ),
      );
    },
  };
}
