/** Builds what the browser loads: the renderer (the real Vite config) and the page bridge script. */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Rolldown } from "vite";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Runs `vite build` with the project's config into `outDir`. */
export async function buildRenderer(outDir: string): Promise<void> {
  await build({
    configFile: join(repoRoot, "vite.config.ts"),
    logLevel: "warn",
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
}

/** The page bridge as one classic script, for addInitScript. */
export async function buildBridgeScript(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: "warn",
    root: repoRoot,
    build: {
      write: false,
      minify: false,
      lib: {
        entry: join(repoRoot, "test", "e2e", "harness", "pageBridge.ts"),
        formats: ["iife"],
        name: "EnclaveTestBridge",
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === "chunk");
  if (chunk === undefined)
    throw new Error(
      "The page bridge build produced no script; check test/e2e/harness/pageBridge.ts.",
    );
  return chunk.code;
}
