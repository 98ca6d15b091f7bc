// Asserting on the fakes' vi.fn methods (expect(gateway.handle).toHaveBeenCalled) is how vitest spies work.
/* eslint-disable @typescript-eslint/unbound-method */
import { describe, expect, it, vi } from "vitest";
import {
  eventChannel,
  eventNames,
  invokeChannel,
  methodNames,
  type EventName,
} from "../../../shared/contract";
import type { Gateway } from "../../../electron/main/gateway";
import { wireIpc, type IpcMainLike } from "../../../electron/main/wireIpc";

function fakes() {
  const handlers = new Map<string, Parameters<IpcMainLike["handle"]>[1]>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const engineListeners = new Map<string, Set<(payload: unknown) => void>>();
  const engine = {
    on: (event: EventName, listener: (payload: unknown) => void) => {
      if (!engineListeners.has(event)) engineListeners.set(event, new Set());
      engineListeners.get(event)?.add(listener);
      return () => void engineListeners.get(event)?.delete(listener);
    },
  };
  const gateway: Gateway = {
    handle: vi.fn(() => Promise.resolve({ ok: true as const, value: 1 })),
    abortInFlight: vi.fn(() => Promise.resolve(undefined)),
  };
  const send = vi.fn();
  const window = {
    destroyed: false,
    isDestroyed() {
      return this.destroyed;
    },
    webContents: { send },
  };
  const emit = (event: string, payload: unknown) =>
    engineListeners.get(event)?.forEach((l) => l(payload));
  return { handlers, ipcMain, engine, engineListeners, gateway, send, window, emit };
}

describe("IPC wiring", () => {
  it("registers one handler per contract method that passes the sender frame's URL to the gateway", async () => {
    const f = fakes();
    wireIpc({
      ipcMain: f.ipcMain,
      gateway: f.gateway,
      engine: f.engine as never,
      getWindow: () => f.window,
    });
    expect([...f.handlers.keys()].sort()).toEqual(methodNames.map(invokeChannel).sort());
    await f.handlers.get(invokeChannel("search"))?.(
      { senderFrame: { url: "app://enclave/index.html" } },
      { query: "x" },
    );
    expect(f.gateway.handle).toHaveBeenCalledWith("search", "app://enclave/index.html", {
      query: "x",
    });
    await f.handlers.get(invokeChannel("search"))?.({ senderFrame: null }, {});
    expect(f.gateway.handle).toHaveBeenLastCalledWith("search", "", {});
  });

  it("forwards engine events to the window on their channel, and not to a closed window", () => {
    const f = fakes();
    wireIpc({
      ipcMain: f.ipcMain,
      gateway: f.gateway,
      engine: f.engine as never,
      getWindow: () => f.window,
    });
    expect([...f.engineListeners.keys()].sort()).toEqual([...eventNames].sort());
    f.emit("answerToken", { requestId: "r1", text: "Hi" });
    expect(f.send).toHaveBeenCalledWith(eventChannel("answerToken"), {
      requestId: "r1",
      text: "Hi",
    });
    f.window.destroyed = true;
    f.emit("importProgress", { kind: "finished" });
    expect(f.send).toHaveBeenCalledTimes(1);
  });

  it("undoes everything it registered", () => {
    const f = fakes();
    const unwire = wireIpc({
      ipcMain: f.ipcMain,
      gateway: f.gateway,
      engine: f.engine as never,
      getWindow: () => null,
    });
    unwire();
    expect(f.handlers.size).toBe(0);
    expect([...f.engineListeners.values()].every((s) => s.size === 0)).toBe(true);
  });
});
