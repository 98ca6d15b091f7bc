/** Types for afterPack.mjs (electron-builder loads the JavaScript; tests import it). */
export interface AfterPackContextLike {
  electronPlatformName: string;
  appOutDir: string;
  arch: number;
  packager: { appInfo: { productFilename: string } };
}
/** The fuses Enclave ships with on a platform, by FuseV1Options index. */
export function enclaveFuses(platform: string): Record<number, boolean>;
/** The packaged Electron binary for a context. */
export function packagedBinary(context: AfterPackContextLike): string;
export default function afterPack(context: AfterPackContextLike): Promise<void>;
