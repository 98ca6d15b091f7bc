import { beforeEach, describe, expect, it, vi } from "vitest";
import { decodeBridgeError } from "../../../shared/bridgeError";
import {
  eventChannel,
  eventNames,
  invokeChannel,
  methodNames,
  type EnclaveApi,
} from "../../../shared/contract";

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  return {
    listeners,
    exposed: new Map<string, unknown>(),
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn(),
      on: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(listener);
      }),
      removeListener: vi.fn(
        (channel: string, listener: (event: unknown, payload: unknown) => void) => {
          listeners.get(channel)?.delete(listener);
        },
      ),
      send: vi.fn(),
    },
    webUtils: { getPathForFile: vi.fn() },
  };
});

vi.mock("electron", () => ({
  contextBridge: electron.contextBridge,
  ipcRenderer: electron.ipcRenderer,
  webUtils: electron.webUtils,
}));

let api: EnclaveApi;

beforeEach(async () => {
  vi.resetModules();
  electron.contextBridge.exposeInMainWorld.mockReset();
  electron.ipcRenderer.invoke.mockReset();
  electron.listeners.clear();
  await import("../../../electron/preload/index");
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, value] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [
    string,
    EnclaveApi,
  ];
  expect(key).toBe("enclave");
  api = value;
});

function emit(channel: string, payload: unknown): void {
  for (const listener of electron.listeners.get(channel) ?? [])
    listener({ sender: "fake" }, payload);
}

describe("preload bridge", () => {
  it("exposes exactly the contract's methods plus on, and nothing generic", () => {
    expect(Object.keys(api).sort()).toEqual([...methodNames, "on"].sort());
    for (const key of Object.keys(api))
      expect(typeof (api as unknown as Record<string, unknown>)[key]).toBe("function");
    expect(api).not.toHaveProperty("invoke");
    expect(api).not.toHaveProperty("ipcRenderer");
    expect(api).not.toHaveProperty("send");
  });

  it("sends each method to its own channel and resolves with the envelope's value", async () => {
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: true, value: [{ name: "Manuals" }] });
    await expect(api.listCollections({})).resolves.toEqual([{ name: "Manuals" }]);
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(
      invokeChannel("listCollections"),
      {},
    );
    for (const method of methodNames.filter((m) => m !== "importDropped")) {
      electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: method });
      const call = (api as unknown as Record<string, (a: unknown) => Promise<unknown>>)[method];
      await expect(call?.({ probe: 1 })).resolves.toBe(method);
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(`enclave:${method}`, {
        probe: 1,
      });
    }
  });

  it("turns an error envelope into a thrown error that keeps the code", async () => {
    electron.ipcRenderer.invoke.mockResolvedValue({
      ok: false,
      error: { code: "INVALID_ARGUMENT", message: "createCollection: name: too long" },
    });
    const failure = await api.createCollection({ name: "x" }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as { code?: string }).code).toBe("INVALID_ARGUMENT");
    // The contextBridge drops `code` in the page's world; the message still carries it.
    expect(decodeBridgeError(new Error((failure as Error).message))).toEqual({
      code: "INVALID_ARGUMENT",
      message: "createCollection: name: too long",
    });
  });

  it("rejects answers that are not envelopes", async () => {
    electron.ipcRenderer.invoke.mockResolvedValue("surprise");
    await expect(api.listModels({})).rejects.toMatchObject({ code: "INTERNAL" });
  });

  it("resolves dropped files to paths in the preload and drops items without one", async () => {
    const real = new File(["%PDF"], "manual.pdf");
    const made = new File(["x"], "fake.pdf");
    electron.webUtils.getPathForFile.mockImplementation((file: File) =>
      file === real ? "/home/u/manual.pdf" : "",
    );
    electron.ipcRenderer.invoke.mockResolvedValue({
      ok: true,
      value: { requestId: "r1", results: [], truncatedChunks: 0 },
    });
    await api.importDropped({
      collection: "Manuals",
      requestId: "r1",
      files: [real, made, "/etc/passwd"],
    });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(invokeChannel("importDropped"), {
      collection: "Manuals",
      requestId: "r1",
      paths: ["/home/u/manual.pdf"],
    });
  });

  it("refuses a drop with no file on disk without calling main", async () => {
    electron.webUtils.getPathForFile.mockImplementation(() => {
      throw new TypeError("not a File");
    });
    await expect(
      api.importDropped({ collection: "Manuals", requestId: "r1", files: ["/etc/passwd"] }),
    ).rejects.toMatchObject({ code: "NOTHING_TO_IMPORT" });
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it("delivers contract events to listeners until they unsubscribe", () => {
    const tokens: unknown[] = [];
    const off = api.on("answerToken", (payload) => tokens.push(payload));
    emit(eventChannel("answerToken"), { requestId: "a", text: "Hel" });
    emit(eventChannel("importProgress"), { kind: "finished" });
    off();
    emit(eventChannel("answerToken"), { requestId: "a", text: "lo" });
    expect(tokens).toEqual([{ requestId: "a", text: "Hel" }]);
    expect(electron.listeners.get(eventChannel("answerToken"))?.size ?? 0).toBe(0);
  });

  it("refuses to listen to channels that are not contract events", () => {
    expect(eventNames).toContain("importProgress");
    expect(() => api.on("enclave:listCollections" as never, () => undefined)).toThrow(/no event/);
    expect(electron.ipcRenderer.on).not.toHaveBeenCalledWith(
      "enclave:listCollections",
      expect.anything(),
    );
  });
});
