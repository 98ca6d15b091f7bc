/**
 * The model host's safety net. The app and the CLI run models in a process of their own (see
 * ModelHostClient.ts for why); when that process cannot be started at all (a launcher that
 * throws: a missing modelHost.js, a sandbox that refuses child processes), models run in this
 * process instead, through the same protocol over a loopback port, so questions still get
 * answers, only with libuv's shared pool. The fallback is taken once and kept for the session;
 * a host that started and later crashed is started again as before (not a fallback case).
 */
import type { ModelHostChannel, ModelHostLauncher } from "./ModelHostClient";

/** A "host" served by this process: replies and requests cross on the next turn of the loop. */
export function loopbackModelHost(): ModelHostLauncher {
  return async () => {
    // Loaded only when used: commands that need no model never load node-llama-cpp.
    const { serveModels } = await import("./serveModels");
    const toHost: ((message: unknown) => void)[] = [];
    const toEngine: ((message: unknown) => void)[] = [];
    const exitListeners: ((how: string) => void)[] = [];
    let ended = false;
    const end = (how: string): void => {
      if (ended) return;
      ended = true;
      for (const listener of exitListeners) listener(how);
    };
    // Messages are delivered asynchronously, as between processes, and never after the end.
    const deliver = (listeners: ((message: unknown) => void)[], message: unknown): void =>
      queueMicrotask(() => {
        if (!ended) for (const listener of listeners) listener(message);
      });
    serveModels(
      {
        send: (reply) => deliver(toEngine, reply),
        onMessage: (listener) => toHost.push(listener),
      },
      () => end("exit code 0"),
    );
    const channel: ModelHostChannel = {
      send: (message) => deliver(toHost, message),
      onMessage: (listener) => toEngine.push(listener),
      onExit: (listener) => exitListeners.push(listener),
      kill: () => end("killed"),
    };
    return channel;
  };
}

/**
 * `launch`, or this process's loopback host from the first time `launch` fails to start one;
 * `onFallback` is told why (once).
 */
export function withInProcessFallback(
  launch: ModelHostLauncher,
  onFallback: (error: Error) => void = () => undefined,
): ModelHostLauncher {
  let fallback: ModelHostLauncher | null = null;
  return async () => {
    if (fallback) return fallback();
    try {
      return await launch();
    } catch (error) {
      fallback = loopbackModelHost();
      onFallback(error instanceof Error ? error : new Error(String(error)));
      return fallback();
    }
  };
}
