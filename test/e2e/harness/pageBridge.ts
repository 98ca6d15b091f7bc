/**
 * Runs inside the page (bundled into an init script): builds `window.enclave` with the real
 * preload's `createEnclaveApi`, over a fake ipcRenderer whose invoke goes to the test process
 * through Playwright's exposeBinding. So the page sees exactly the object shape the preload gives.
 */
import { createEnclaveApi, type BridgeIpc } from "../../../electron/preload/createEnclaveApi";

type Listener = (event: unknown, ...args: unknown[]) => void;

interface HarnessWindow {
  __enclaveInvoke(channel: string, args: unknown): Promise<unknown>;
  __enclaveEmit?: (channel: string, payload: unknown) => void;
  /** File name → absolute path, standing in for Electron's webUtils.getPathForFile. */
  __droppedPaths?: Record<string, string>;
  enclave?: unknown;
}

const w = window as unknown as HarnessWindow;
const listeners = new Map<string, Set<Listener>>();

/** Bytes cross the binding as base64 (its JSON-like serialisation has no typed arrays). */
function decode(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const env = value as { ok?: boolean; value?: unknown };
  const bytes = env.value as { __bytes?: string } | undefined;
  if (
    env.ok === true &&
    typeof bytes === "object" &&
    bytes !== null &&
    typeof bytes.__bytes === "string"
  ) {
    const binary = atob(bytes.__bytes);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return { ok: true, value: out };
  }
  return value;
}

const ipc: BridgeIpc = {
  async invoke(channel, ...args) {
    return decode(await w.__enclaveInvoke(channel, args[0]));
  },
  on(channel, listener) {
    let set = listeners.get(channel);
    if (set === undefined) listeners.set(channel, (set = new Set()));
    set.add(listener);
  },
  removeListener(channel, listener) {
    listeners.get(channel)?.delete(listener);
  },
};

w.__enclaveEmit = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener({}, payload);
};

w.enclave = Object.freeze(
  createEnclaveApi(ipc, (file) => {
    const path = w.__droppedPaths?.[(file as { name?: string }).name ?? ""];
    if (path === undefined) throw new Error("Not a file the test prepared for dropping.");
    return path;
  }),
);
