/**
 * Builds `window.enclave` from the contract: one function per method name, so the bridge cannot
 * drift from the contract, plus a typed `on`. Takes the Electron pieces it needs as arguments so
 * the wiring in index.ts stays one line.
 */
import {
  eventChannel,
  eventNames,
  invokeChannel,
  methodNames,
  type EnclaveApi,
  type Envelope,
  type EventName,
  type MethodName,
} from "../../shared/contract";
import { encodeBridgeError } from "../../shared/bridgeError";
import type { ErrorCode } from "../../shared/errorCodes";

/** The parts of ipcRenderer the bridge uses. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Raised in the page for a refused or failed call; `code` survives in the message too. */
export class EnclaveCallError extends Error {
  override name = "EnclaveCallError";
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(encodeBridgeError(code, message));
  }
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { ok?: unknown }).ok === "boolean"
  );
}

export function createEnclaveApi(
  ipc: BridgeIpc,
  getPathForFile: (file: File) => string,
): EnclaveApi {
  function pathOf(file: unknown): string {
    try {
      return getPathForFile(file as File);
    } catch {
      // Not a File at all (page code passed something else): it has no path to import.
      return "";
    }
  }

  async function call(method: MethodName, args: unknown): Promise<unknown> {
    const envelope = await ipc.invoke(invokeChannel(method), args);
    if (!isEnvelope(envelope))
      throw new EnclaveCallError("INTERNAL", "The app answered in an unexpected shape.");
    if (envelope.ok) return envelope.value;
    throw new EnclaveCallError(envelope.error.code, envelope.error.message);
  }

  const api: Record<string, unknown> = {};
  for (const method of methodNames) {
    api[method] = (args: unknown) => call(method, args);
  }

  api.importDropped = async (args: {
    collection: string;
    requestId: string;
    files: readonly unknown[];
  }) => {
    // Paths are resolved here, from real File objects; a File made by page code has no path.
    const files: readonly unknown[] = Array.isArray(args.files) ? args.files : [];
    const paths = files.map(pathOf).filter((p) => p !== "");
    if (paths.length === 0) {
      throw new EnclaveCallError(
        "NOTHING_TO_IMPORT",
        "None of the dropped items is a file on this computer.",
      );
    }
    return call("importDropped", { collection: args.collection, requestId: args.requestId, paths });
  };

  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!eventNames.includes(event))
      throw new EnclaveCallError("UNKNOWN_EVENT", `There is no event named "${String(event)}".`);
    if (typeof listener !== "function")
      throw new EnclaveCallError("INVALID_ARGUMENT", "on: listener must be a function.");
    const channel = eventChannel(event);
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipc.on(channel, wrapped);
    return () => {
      ipc.removeListener(channel, wrapped);
    };
  };

  return api as EnclaveApi;
}
