/**
 * Builds the renderer into dist/renderer with relative URLs (base "./"), so the same files load
 * from file:// in Electron and from the e2e harness's fixed origin. pdf.js's fonts, cmaps and
 * wasm are copied next to it: the viewer never reaches for a CDN.
 */
import { cpSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const root = dirname(fileURLToPath(import.meta.url));
const pdfjsDir = join(root, "node_modules", "pdfjs-dist");

/** Copies pdf.js data folders into `<outDir>/pdfjs/` after the bundle is written. */
function pdfjsAssets(): Plugin {
  let outDir = "";
  return {
    name: "enclave-pdfjs-assets",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle() {
      for (const folder of ["standard_fonts", "cmaps", "wasm"]) {
        const from = join(pdfjsDir, folder);
        if (existsSync(from)) cpSync(from, join(outDir, "pdfjs", folder), { recursive: true });
      }
    },
  };
}

export default defineConfig({
  root: join(root, "renderer"),
  base: "./",
  plugins: [react(), pdfjsAssets()],
  build: {
    outDir: join(root, "dist", "renderer"),
    emptyOutDir: true,
    target: "chrome130",
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: "es" },
});
