/** Types for afterPack.mjs (electron-builder loads the JavaScript; tests import it). */
export interface AfterPackContextLike {
  electronPlatformName: string;
  appOutDir: string;
  arch: number;
  packager: { appInfo: { productFilename: string } };
}
export default function afterPack(context: AfterPackContextLike): Promise<void>;
