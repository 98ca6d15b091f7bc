/** The real engine, as the app's main process opens it, on a fresh data folder. */
import type { EngineApi } from "../../../electron/engine/EngineApi";

export async function openEngine(dataDir: string): Promise<EngineApi> {
  const { Engine } = await import("../../../electron/engine/Engine");
  return Engine.create({ dataDir });
}
