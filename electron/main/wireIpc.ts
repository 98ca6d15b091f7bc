/**
 * Connects the gateway to IPC and the engine's events to the window. Typed against the few
 * Electron members it uses, so the wiring is unit-tested with fakes.
 */
import {
  eventChannel,
  eventNames,
  invokeChannel,
  methodNames,
  type EventName,
} from "../../shared/contract";
import type { EngineApi } from "../engine/EngineApi";
import type { Gateway } from "./gateway";

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { senderFrame?: { url: string } | null }, args: unknown) => unknown,
  ): void;
  removeHandler(channel: string): void;
}

export interface EventTarget {
  isDestroyed(): boolean;
  webContents: { send(channel: string, payload: unknown): void };
}

export interface WireIpcOptions {
  ipcMain: IpcMainLike;
  gateway: Gateway;
  engine: Pick<EngineApi, "on">;
  /** The window events go to, or null while there is none. */
  getWindow: () => EventTarget | null;
}

/** Registers one handler per contract method and forwards every contract event; returns an undo. */
export function wireIpc(options: WireIpcOptions): () => void {
  const { ipcMain, gateway, engine, getWindow } = options;
  for (const method of methodNames) {
    // senderFrame is null when the frame navigated away or was destroyed: "" is never trusted.
    ipcMain.handle(invokeChannel(method), (event, args) =>
      gateway.handle(method, event.senderFrame?.url ?? "", args),
    );
  }
  const forward = <E extends EventName>(name: E) =>
    engine.on(name, (payload) => {
      const window = getWindow();
      if (window !== null && !window.isDestroyed())
        window.webContents.send(eventChannel(name), payload);
    });
  const unsubscribes = eventNames.map((name) => forward(name));
  return () => {
    for (const method of methodNames) ipcMain.removeHandler(invokeChannel(method));
    for (const off of unsubscribes) off();
  };
}
