/** Types for afterPack.mjs (electron-builder loads the JavaScript; tests import it). */
export interface AfterPackContextLike {
  electronPlatformName: string;
  appOutDir: string;
  arch: number;
  packager: { appInfo: { productFilename: string; productName?: string }; projectDir?: string };
}
/** The fuses Enclave ships with on a platform, by FuseV1Options index. */
export function enclaveFuses(platform: string): Record<number, boolean>;
/** The packaged Electron binary for a context. */
export function packagedBinary(context: AfterPackContextLike): string;
/** The packed app's resources folder. */
export function resourcesDir(context: AfterPackContextLike): string;
/** Flips the fuses where the wire is; throws when there is none. */
export function flipEnclaveFuses(context: AfterPackContextLike): Promise<void>;
/** Fuses, then the legal files (SBOM, notices, licence) in resources/legal. */
export default function afterPack(context: AfterPackContextLike): Promise<void>;
