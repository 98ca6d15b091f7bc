/**
 * The app's version, from package.json, so it cannot drift from the release: the Electron bundle
 * has it inlined at build time (electron/build/buildElectron.ts defines __ENCLAVE_VERSION__);
 * the CLI, tests and benchmarks run this source file through tsx or vitest, beside the repository's
 * package.json, and read it there.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

declare const __ENCLAVE_VERSION__: string | undefined;

function versionOfSourceCheckout(): string {
  const file = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    "..",
    "..",
    "package.json",
  );
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

export const APP_VERSION: string =
  typeof __ENCLAVE_VERSION__ === "string" ? __ENCLAVE_VERSION__ : versionOfSourceCheckout();
