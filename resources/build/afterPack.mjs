// electron-builder afterPack hook: flips Electron's fuses so the packaged app cannot be turned
// into a general Node runtime or debugged/injected from the command line or environment.
// The fuse wire lives in the Electron binary on Windows and Linux, and in the Electron
// Framework on macOS (@electron/fuses' pathToFuseFile finds it). A binary without the wire
// fails the build: shipping an installer with every fuse left at its default is worse than
// shipping none. The packaging check's stub Electron carries a fuse wire for this reason.
import console from "node:console";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { FuseV1Options, FuseVersion, flipFuses, pathToFuseFile } from "@electron/fuses";
import { writeLegalFiles } from "./legalFiles.mjs";

/** Electron's fuse sentinel; a binary without it is not a real Electron build. */
const FUSE_SENTINEL = "dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX";

/**
 * The fuses Enclave ships with on `platform`. Asar integrity is validated by Electron on macOS
 * and Windows only (electron-builder writes the hashes there); elsewhere it stays at its default.
 * @param {string} platform
 */
export function enclaveFuses(platform) {
  return {
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]:
      platform === "darwin" || platform === "win32",
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/**
 * The packaged Electron binary (as electron-builder renamed it) for a context.
 * @param {import("app-builder-lib").AfterPackContext} context
 */
export function packagedBinary(context) {
  const platform = context.electronPlatformName;
  const product = context.packager.appInfo.productFilename;
  if (platform === "darwin")
    return join(context.appOutDir, `${product}.app`, "Contents", "MacOS", product);
  if (platform === "win32") return join(context.appOutDir, `${product}.exe`);
  return join(
    context.appOutDir,
    /** @type {{ executableName: string }} */ (/** @type {unknown} */ (context.packager))
      .executableName,
  );
}

/**
 * Flips the fuses in the packed app's Electron binary (or framework).
 * @param {import("app-builder-lib").AfterPackContext} context
 */
export async function flipEnclaveFuses(context) {
  const platform = context.electronPlatformName;
  const binary = packagedBinary(context);
  const fuseFile = pathToFuseFile(binary);
  const bytes = await readFile(fuseFile);
  if (!bytes.includes(FUSE_SENTINEL)) {
    throw new Error(
      `afterPack: no fuse wire in ${fuseFile}; refusing to build an installer with Electron's default fuses (RunAsNode, NODE_OPTIONS and --inspect on).`,
    );
  }
  await flipFuses(binary, {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: platform === "darwin" && context.arch === 3 /* Arch.arm64 */,
    ...enclaveFuses(platform),
  });
  console.log(`  • afterPack: fuses flipped in ${fuseFile}`);
}

/**
 * The packed app's resources folder (app.asar and what extraResources added).
 * @param {import("app-builder-lib").AfterPackContext} context
 */
export function resourcesDir(context) {
  const product = context.packager.appInfo.productFilename;
  return context.electronPlatformName === "darwin"
    ? join(context.appOutDir, `${product}.app`, "Contents", "Resources")
    : join(context.appOutDir, "resources");
}

/** @param {import("app-builder-lib").AfterPackContext} context */
export default async function afterPack(context) {
  await flipEnclaveFuses(context);
  const legal = await writeLegalFiles({
    resourcesDir: resourcesDir(context),
    projectDir: context.packager.projectDir,
    product: context.packager.appInfo.productName,
  });
  console.log(
    `  • afterPack: SBOM (${legal.components} components) and notices (${legal.packages} packages) in resources/legal`,
  );
}
