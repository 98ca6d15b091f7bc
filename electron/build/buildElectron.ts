/**
 * Bundles the Electron side with Vite (Rolldown):
 *   dist/electron/main/index.js       main process, ESM, one file (the engine and CLI inlined)
 *   dist/electron/main/pdfWorker.js   the ingest worker, next to the bundle that starts it
 *   dist/electron/main/modelHost.js   the model-host process (utilityProcess), next to it too
 *   dist/electron/preload/index.cjs   the sandboxed preload: CommonJS, one file, requires only "electron"
 * Native and worker-heavy packages stay external and load from node_modules at run time.
 * Run: npx tsx electron/build/buildElectron.ts
 */
import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type InlineConfig } from "vite";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface BuildElectronOptions {
  /** Output folder. Default: dist/electron in the repository. */
  outDir?: string;
  /** Module ids replaced by other files (to check the bundle before every module exists). Default none. */
  replace?: Record<string, string>;
}

/**
 * Packages loaded from node_modules instead of bundled: native addons (LanceDB, llama.cpp),
 * apache-arrow (must be the very instance LanceDB uses), and pdf.js, whose worker, cmaps and
 * fonts are found relative to its own package folder.
 */
export const EXTERNAL_PACKAGES = [
  "electron",
  "@lancedb/lancedb",
  "apache-arrow",
  "node-llama-cpp",
  "pdfjs-dist",
  // OCR: the canvas is native; Tesseract's wasm core and English data are read from their folders.
  "@napi-rs/canvas",
  "tesseract.js-core",
  "@tesseract.js-data/eng",
];

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function isExternal(id: string, packages: readonly string[]): boolean {
  if (builtins.has(id) || id.startsWith("node:")) return true;
  return packages.some((p) => id === p || id.startsWith(`${p}/`));
}

export interface BundleSpec {
  entry: string;
  outDir: string;
  fileName: string;
  format: "es" | "cjs";
  external: readonly string[];
  replace: Record<string, string>;
  /** Emit dynamically imported modules as their own chunks, loaded when first imported. Default: false (one file). */
  split?: boolean;
}

/** Read at every build, so the bundle's version is the one being released. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string })
    .version;
}

export function nodeBundle(options: BundleSpec): InlineConfig {
  return {
    configFile: false,
    root,
    logLevel: "warn",
    publicDir: false,
    resolve: {
      alias: Object.entries(options.replace).map(([find, replacement]) => ({ find, replacement })),
    },
    // Only the app's version (electron/engine/appVersion.ts): Vite must not replace process.env.*
    // in main-process code that reads the real environment.
    define: { __ENCLAVE_VERSION__: JSON.stringify(packageVersion()) },
    build: {
      ssr: options.entry,
      outDir: options.outDir,
      emptyOutDir: false,
      target: "node20",
      minify: false,
      sourcemap: true,
      copyPublicDir: false,
      rolldownOptions: {
        external: (id) => isExternal(id, options.external),
        output: {
          format: options.format,
          entryFileNames: options.fileName,
          codeSplitting: options.split ?? false,
          // Beside the entry, not in assets/: the engine finds files relative to its own module.
          chunkFileNames: "[name]-[hash].js",
        },
      },
    },
    ssr: { noExternal: true, target: "node" },
  };
}

export async function buildElectron(options: BuildElectronOptions = {}): Promise<void> {
  const outRoot = options.outDir ?? path.join(root, "dist", "electron");
  const replace = options.replace ?? {};
  const worker = path.join(root, "electron", "engine", "ingest", "pdfWorker.ts");
  const bundles: InlineConfig[] = [
    nodeBundle({
      entry: path.join(root, "electron", "main", "index.ts"),
      outDir: path.join(outRoot, "main"),
      fileName: "index.js",
      format: "es",
      external: EXTERNAL_PACKAGES,
      replace,
    }),
    nodeBundle({
      entry: path.join(root, "electron", "preload", "index.ts"),
      outDir: path.join(outRoot, "preload"),
      fileName: "index.cjs",
      format: "cjs",
      external: ["electron"],
      replace,
    }),
  ];
  const modelHost = path.join(root, "electron", "engine", "modelHost.ts");
  if (existsSync(modelHost))
    bundles.push(
      nodeBundle({
        entry: modelHost,
        outDir: path.join(outRoot, "main"),
        fileName: "modelHost.js",
        format: "es",
        external: EXTERNAL_PACKAGES,
        replace,
      }),
    );
  if (existsSync(worker)) {
    bundles.push(
      nodeBundle({
        entry: worker,
        outDir: path.join(outRoot, "main"),
        fileName: "pdfWorker.js",
        format: "es",
        external: EXTERNAL_PACKAGES,
        replace,
      }),
    );
  }
  for (const config of bundles) await build(config);
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  buildElectron().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
