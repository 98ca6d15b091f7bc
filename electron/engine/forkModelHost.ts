/**
 * The model-host launcher under plain Node (the CLI, tests, benchmarks): `child_process.fork` of
 * modelHost.ts (through tsx's loader) or of the built modelHost.js beside this module's bundle,
 * with libuv's pool at one thread (see llm/host/ModelHostClient.ts) and structured-clone
 * messages, so vectors cross as Float32Array. The Electron app passes its own launcher
 * (electron/main/modelHostProcess.ts): a packaged app cannot fork itself as Node.
 */
import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ModelHostLauncher } from "./llm/ModelHostClient";

/** Environment of every model host: one libuv thread, so each decode runs where the last one did. */
export const MODEL_HOST_ENV = { UV_THREADPOOL_SIZE: "1" } as const;

export function defaultModelHostScript(): URL {
  return new URL(
    import.meta.url.endsWith(".ts") ? "./modelHost.ts" : "./modelHost.js",
    import.meta.url,
  );
}

export function forkModelHost(script: URL = defaultModelHostScript()): ModelHostLauncher {
  return () => {
    const execArgv: string[] = [];
    if (script.pathname.endsWith(".ts")) {
      // tsx's loader, by absolute URL: `--import tsx` would resolve from the working directory.
      execArgv.push("--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href);
    }
    const child = fork(fileURLToPath(script), [], {
      execArgv,
      env: { ...process.env, ...MODEL_HOST_ENV },
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const exitListeners: ((how: string) => void)[] = [];
    child.once("exit", (code, signal) => {
      const how = signal ? `signal ${signal}` : `exit code ${String(code)}`;
      for (const listener of exitListeners) listener(how);
    });
    return new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("spawn", () => {
        // An idle host must not keep a finished CLI or test process alive (see setBusy). Only
        // now: until it has spawned, the child is what keeps a process with nothing else to do
        // (a CLI command waiting for its first answer) from exiting before the host is up.
        child.unref();
        child.channel?.unref();
        resolve({
          send: (message) => void child.send(message),
          onMessage: (listener) => child.on("message", listener),
          onExit: (listener) => exitListeners.push(listener),
          kill: () => void child.kill("SIGKILL"),
          setBusy: (busy) => {
            if (busy) child.channel?.ref();
            else child.channel?.unref();
          },
        });
      });
    });
  };
}
