/**
 * Bundles the CLI for `npm run enclave` (see enclave.mjs beside this file, which runs it when the
 * sources changed): the same Vite (Rolldown) settings as the Electron main bundle, without
 * Electron, into one folder:
 *   <outDir>/enclave.js     the CLI (electron/cli/enclave.ts, the engine inlined), ESM
 *   <outDir>/*.js           chunks imported when first needed (the engine, when a command opens it)
 *   <outDir>/pdfWorker.js   the ingest worker, next to the bundle that starts it
 *   <outDir>/modelHost.js   the model-host process, forked from beside the engine's chunks
 * Native and worker-heavy packages stay external (EXTERNAL_PACKAGES), loaded from node_modules.
 * `outDir` must sit two folders below the repository (as dist/<name>/ does): the engine finds
 * resources/models two folders up from its own file.
 * Run: npx tsx electron/build/buildCli.ts <outDir>
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { EXTERNAL_PACKAGES, nodeBundle } from "./buildElectron";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function buildCli(outDir: string): Promise<void> {
  const worker = path.join(root, "electron", "engine", "ingest", "pdfWorker.ts");
  const entries: [string, string][] = [
    [path.join(root, "electron", "cli", "enclave.ts"), "enclave.js"],
  ];
  if (existsSync(worker)) entries.push([worker, "pdfWorker.js"]);
  // The model-host process (engine/forkModelHost.ts forks it from beside the engine's chunks).
  const modelHost = path.join(root, "electron", "engine", "modelHost.ts");
  if (existsSync(modelHost)) entries.push([modelHost, "modelHost.js"]);
  for (const [entry, fileName] of entries)
    await build(
      nodeBundle({
        entry,
        outDir,
        fileName,
        format: "es",
        external: EXTERNAL_PACKAGES,
        replace: {},
        // The engine (LanceDB, models) is imported when a command opens it, not for --help.
        split: true,
      }),
    );
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const outDir = process.argv[2];
  if (outDir === undefined) {
    console.error("Usage: tsx electron/build/buildCli.ts <outDir>");
    process.exitCode = 2;
  } else
    buildCli(path.resolve(outDir)).catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
