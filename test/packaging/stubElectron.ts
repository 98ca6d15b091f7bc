/**
 * What electron-builder needs in place of the real Electron (which cannot be downloaded here):
 * an unpacked distribution folder with the binary, `resources/`, the licences and `version`.
 */
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Electron's fuse sentinel (as in @electron/fuses). */
const FUSE_SENTINEL = "dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX";

export async function makeStubElectronDist(dir: string, version: string): Promise<string> {
  await mkdir(join(dir, "resources"), { recursive: true });
  // A script with a fuse wire in a comment: the afterPack hook flips it as it would a real
  // Electron's (it refuses binaries without one), and the check reads the fuses back.
  await writeFile(
    join(dir, "electron"),
    Buffer.concat([
      Buffer.from("#!/bin/sh\n# fuse wire: "),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1 /* wire version */, 9 /* fuses */]),
      Buffer.from("111111111"),
      Buffer.from("\necho 'stub Electron for the packaging check'\n"),
    ]),
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
