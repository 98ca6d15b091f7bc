// electron-builder afterPack hook: flips Electron's fuses so the packaged app cannot be turned
// into a general Node runtime or debugged/injected from the command line or environment.
// Skipped, with a log line, for the stub Electron the packaging check uses (no fuse wire in it).
import console from "node:console";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { FuseV1Options, FuseVersion, flipFuses } from "@electron/fuses";

/** Electron's fuse sentinel; a binary without it is not a real Electron build. */
const FUSE_SENTINEL = "dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX";

/** @param {import("app-builder-lib").AfterPackContext} context */
export default async function afterPack(context) {
  const platform = context.electronPlatformName;
  const product = context.packager.appInfo.productFilename;
  // Where electron-builder renamed the Electron binary to (ElectronFramework.beforeCopyExtraFiles).
  const binary =
    platform === "darwin"
      ? join(context.appOutDir, `${product}.app`, "Contents", "MacOS", product)
      : platform === "win32"
        ? join(context.appOutDir, `${product}.exe`)
        : join(
            context.appOutDir,
            /** @type {{ executableName: string }} */ (/** @type {unknown} */ (context.packager))
              .executableName,
          );
  const bytes = await readFile(binary);
  if (!bytes.includes(FUSE_SENTINEL)) {
    console.log(
      `  • afterPack: ${binary} is not a real Electron binary (no fuse wire); fuses not flipped`,
    );
    return;
  }
  // Integrity of the asar is checked by Electron on macOS and Windows only.
  const asarIntegrity = platform === "darwin" || platform === "win32";
  await flipFuses(binary, {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: platform === "darwin" && context.arch === 3 /* Arch.arm64 */,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: asarIntegrity,
    [FuseV1Options.EnableCookieEncryption]: true,
  });
  console.log(`  • afterPack: fuses flipped on ${binary}`);
}
