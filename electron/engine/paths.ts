/** Where Enclave keeps its data when nobody says otherwise. Mirrors Electron's app.getPath("userData"). */
import os from "node:os";
import path from "node:path";

export const APP_NAME = "Enclave";

/** The per-user application data folder the desktop app uses (Electron's userData for "Enclave"). */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const home = os.homedir();
  switch (platform) {
    case "win32":
      return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), APP_NAME);
    case "darwin":
      return path.join(home, "Library", "Application Support", APP_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, ".config"), APP_NAME);
  }
}

/** The collection used when none is named. */
export const DEFAULT_COLLECTION = "default";
