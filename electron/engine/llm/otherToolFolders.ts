/** Where other local model tools keep their GGUF files, so a user can reuse what is already on disk. */
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Existing model folders of LM Studio, GPT4All, Jan and Ollama for this user and OS. */
export function otherToolFolders(
  platform: NodeJS.Platform = process.platform,
  home = os.homedir(),
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const appData = env.APPDATA ?? path.join(home, "AppData", "Roaming");
  const localAppData = env.LOCALAPPDATA ?? path.join(home, "AppData", "Local");
  const macSupport = path.join(home, "Library", "Application Support");
  const candidates = [
    path.join(home, ".lmstudio", "models"),
    path.join(home, ".cache", "lm-studio", "models"),
    path.join(env.OLLAMA_MODELS ?? path.join(home, ".ollama", "models"), "blobs"),
    ...(platform === "win32"
      ? [
          path.join(localAppData, "nomic.ai", "GPT4All"),
          path.join(appData, "Jan", "data", "models"),
          path.join(home, "jan", "models"),
        ]
      : platform === "darwin"
        ? [
            path.join(macSupport, "nomic.ai", "GPT4All"),
            path.join(macSupport, "Jan", "data", "models"),
            path.join(home, "jan", "models"),
          ]
        : [
            path.join(home, ".local", "share", "nomic.ai", "GPT4All"),
            path.join(home, ".config", "Jan", "data", "models"),
            path.join(home, "jan", "models"),
          ]),
  ];
  return candidates.filter((dir) => existsSync(dir));
}
