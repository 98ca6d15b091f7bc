/**
 * The model-host launcher of the desktop app: Electron's `utilityProcess.fork` of the built
 * modelHost.js beside the main bundle (electron/build/buildElectron.ts emits it), with libuv's
 * pool at one thread. A packaged app cannot `child_process.fork` itself as Node (the RunAsNode
 * fuse is off), and a utility process is Chromium's own kind of Node child: it ends with the app.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { app, utilityProcess } from "electron";
import { MODEL_HOST_ENV } from "../engine/forkModelHost";
import type { ModelHostLauncher } from "../engine/llm/ModelHostClient";

const here = path.dirname(fileURLToPath(import.meta.url));

export function utilityModelHost(script = path.join(here, "modelHost.js")): ModelHostLauncher {
  return async () => {
    await app.whenReady();
    const child = utilityProcess.fork(script, [], {
      env: { ...process.env, ...MODEL_HOST_ENV },
      serviceName: "Enclave models",
      stdio: "inherit",
    });
    const exitListeners: ((how: string) => void)[] = [];
    child.once("exit", (code) => {
      for (const listener of exitListeners) listener(`exit code ${code}`);
    });
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("exit", (code) =>
        reject(new Error(`The model process could not start (exit code ${code}).`)),
      );
    });
    return {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on("message", listener),
      onExit: (listener) => exitListeners.push(listener),
      kill: () => void child.kill(),
    };
  };
}
