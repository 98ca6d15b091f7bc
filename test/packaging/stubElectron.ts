/**
 * What electron-builder needs in place of the real Electron (which cannot be downloaded here):
 * an unpacked distribution folder with the binary, `resources/`, the licences and `version`.
 */
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export async function makeStubElectronDist(dir: string, version: string): Promise<string> {
  await mkdir(join(dir, "resources"), { recursive: true });
  // A script, not an ELF: the afterPack hook recognises it (no fuse wire) and skips the fuses.
  await writeFile(
    join(dir, "electron"),
    "#!/bin/sh\necho 'stub Electron for the packaging check'\n",
  );
  await chmod(join(dir, "electron"), 0o755);
  await writeFile(join(dir, "LICENSE"), "stub\n");
  await writeFile(join(dir, "LICENSES.chromium.html"), "<p>stub</p>\n");
  await writeFile(join(dir, "version"), `${version}\n`);
  return dir;
}

/** The smallest dist/ the packaged app needs, used only when the real bundle is not built. */
export async function makeStubAppDist(root: string): Promise<void> {
  await mkdir(join(root, "dist", "electron", "main"), { recursive: true });
  await mkdir(join(root, "dist", "renderer"), { recursive: true });
  await writeFile(
    join(root, "dist", "electron", "main", "index.js"),
    "// stub main written by test/packaging/check.ts\n",
  );
  await writeFile(join(root, "dist", "electron", "main", "index.js.map"), "{}\n");
  await writeFile(
    join(root, "dist", "renderer", "index.html"),
    "<!doctype html><title>Enclave</title>\n",
  );
  await writeFile(join(root, "dist", ".packaging-check-stub"), "remove me\n");
}
