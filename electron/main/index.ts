/**
 * Composition root of the main process. `--cli` runs the headless CLI and exits; otherwise it
 * reads managed policy, opens the engine, locks the session down, serves the renderer from
 * app://, wires the gateway to IPC and opens the window. No auto-update, telemetry or crash
 * reporter is ever started.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { app, dialog, ipcMain, protocol, session, type BrowserWindow } from "electron";
import type { EngineApi } from "../engine/EngineApi";
import type { ModelHostLauncher } from "../engine/llm/ModelHostClient";
import { BlockedRequestLog } from "./BlockedRequestLog";
import { createElectronShell } from "./electronShell";
import { createGateway } from "./gateway";
import {
  APP_SCHEME,
  APP_START_URL,
  buildCsp,
  isAppUrl,
  lockSession,
  lockWebContents,
} from "./lockdown";
import { installAppMenu } from "./menu";
import type { ResolvedPolicy } from "../../shared/policy";
import { readManagedPolicy } from "../engine/policy/readManagedPolicy";
import { refusedDebugSwitches } from "./debugSwitches";
import { serveAppFile } from "./serveAppFile";
import { blockingProblems, cliArguments, resolveDataDir } from "./startup";
import { createMainWindow } from "./window";
import { wireIpc } from "./wireIpc";

/** Bundle layout: dist/electron/main/index.js, dist/electron/preload/index.cjs, dist/renderer/. */
const here = path.dirname(fileURLToPath(import.meta.url));
const distRoot = path.resolve(here, "..", "..");
const rendererRoot = path.join(distRoot, "renderer");
const preloadPath = path.join(distRoot, "electron", "preload", "index.cjs");

async function runCliAndExit(args: string[]): Promise<void> {
  app.dock?.hide();
  const { runCli } = await import("../cli/enclave");
  const { Engine } = await import("../engine/Engine");
  // runCli reads managed policy with the window's reader (readManagedPolicy): a blocking problem
  // stops the command, DataDirectory picks the folder, and `options.policy` reaches the engine.
  app.exit(
    await runCli(args, undefined, async (dataDir, options) =>
      Engine.create({
        dataDir,
        appVersion: app.getVersion(),
        modelHost: await appModelHost(),
        ...options,
      }),
    ),
  );
}

/** Models run in a utility process (engine/llm/ModelHostClient.ts), in main if it cannot start. */
async function appModelHost(): Promise<ModelHostLauncher> {
  const { utilityModelHost } = await import("./modelHostProcess");
  const { withInProcessFallback } = await import("../engine/llm/hostFallback");
  return withInProcessFallback(utilityModelHost(), (error) =>
    console.error("[models] the model process did not start; models run in main:", error),
  );
}

async function openEngine(dataDir: string, policy: ResolvedPolicy): Promise<EngineApi> {
  const { Engine } = await import("../engine/Engine");
  const engine = await Engine.create({
    dataDir,
    policy,
    appVersion: app.getVersion(),
    modelHost: await appModelHost(),
    // Packaged: IT's models travel as extraResources (resources/models beside app.asar).
    bundledModelsDir: app.isPackaged ? path.join(process.resourcesPath, "models") : undefined,
    // The window is the data folder's writer: a CLI import that holds it gets 15 s to finish,
    // then start-up fails with a message naming that process ("Enclave failed to start").
    lock: { command: "Enclave (desktop app)", waitMs: 15_000 },
  });
  // Source folders: watched while the window is open, and brought up to date now for changes
  // made while it was closed (in the background; a folder that fails says so in its status).
  void engine.startSync().catch((error: unknown) => console.error("[sync]", error));
  return engine;
}

async function startApp(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let window: BrowserWindow | null = null;
  app.on("second-instance", () => {
    if (window === null) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  await app.whenReady();
  const policy = await readManagedPolicy();
  const blocking = blockingProblems(policy);
  if (blocking.length > 0) {
    dialog.showErrorBox(
      "Enclave cannot start",
      `Your organisation's policy is invalid:\n\n${blocking.join("\n")}\n\nAsk your IT department to correct it.`,
    );
    app.exit(1);
    return;
  }
  const dataDir = resolveDataDir(app.getPath("userData"), policy);
  const engine = await openEngine(dataDir, policy);

  const log = new BlockedRequestLog();
  lockSession(session.defaultSession, log);
  const csp = buildCsp();
  protocol.handle(APP_SCHEME, (request) => serveAppFile(request.url, rendererRoot, csp));
  installAppMenu({ devTools: !app.isPackaged });

  const gateway = createGateway({
    engine,
    shell: createElectronShell(() => window, log),
    isTrustedSender: isAppUrl,
  });
  const unwire = wireIpc({ ipcMain, gateway, engine, getWindow: () => window });

  window = await createMainWindow({
    preloadPath,
    stateFile: path.join(app.getPath("userData"), "window-state.json"),
    devTools: !app.isPackaged,
  });
  lockWebContents(window.webContents);
  window.on("closed", () => {
    window = null;
    // An answer still streaming has nobody to show it to: stop the model.
    void gateway.abortInFlight();
  });
  await window.loadURL(APP_START_URL);

  app.on("window-all-closed", () => app.quit());
  let closing = false;
  app.on("will-quit", (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    unwire();
    engine
      .close()
      .catch((error: unknown) => console.error("[main] the engine did not close cleanly", error))
      .finally(() => app.exit(0));
  });
}

// Must run before "ready": app:// behaves like https (standard, secure origin, fetch, code cache).
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
]);
app.enableSandbox();
app.on("web-contents-created", (_event, contents) => {
  // Every webContents, not only the main window's, refuses popups and webviews.
  contents.setWindowOpenHandler(() => ({ action: "deny" }));
  contents.on("will-attach-webview", (event) => event.preventDefault());
});

const debugSwitches = app.isPackaged ? refusedDebugSwitches(process.argv) : [];
const cliArgs = cliArguments(process.argv);
const started =
  debugSwitches.length > 0
    ? Promise.reject(
        new Error(
          `Enclave does not start with debugging switches (${debugSwitches.join(", ")}): they would expose case material. Start it without them.`,
        ),
      )
    : cliArgs === null
      ? startApp()
      : runCliAndExit(cliArgs);
started.catch((error: unknown) => {
  console.error("[main] Enclave failed to start", error);
  dialog.showErrorBox(
    "Enclave failed to start",
    error instanceof Error ? error.message : String(error),
  );
  app.exit(1);
});
