/** The main window: remembered bounds, locked-down preferences, shown when ready to paint. */
import { BrowserWindow, screen } from "electron";
import { secureWebPreferences } from "./lockdown";
import { clampToDisplays, MIN_SIZE, readWindowState, writeWindowState } from "./windowState";

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (dist/electron/preload/index.cjs). No default. */
  preloadPath: string;
  /** JSON file holding the window's bounds (in userData). No default. */
  stateFile: string;
  /** Window title. Default "Enclave". */
  title?: string;
  /** Whether DevTools may open (development builds only). Default false. */
  devTools?: boolean;
}

/** Creates the window hidden; it shows itself on ready-to-show so no blank frame flashes. */
export async function createMainWindow(options: MainWindowOptions): Promise<BrowserWindow> {
  const saved = await readWindowState(options.stateFile);
  const areas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
  const state = clampToDisplays(saved, areas);
  const window = new BrowserWindow({
    title: options.title ?? "Enclave",
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    webPreferences: secureWebPreferences(options.preloadPath, {
      devTools: options.devTools ?? false,
    }),
  });
  if (state.maximized) window.maximize();
  window.once("ready-to-show", () => window.show());
  window.on("close", () => {
    const bounds = window.getNormalBounds();
    writeWindowState(options.stateFile, { ...bounds, maximized: window.isMaximized() }).catch(
      (error: unknown) => console.error("[window] could not save the window position", error),
    );
  });
  return window;
}
