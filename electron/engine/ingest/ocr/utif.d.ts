/** utif 3.1.0 ships no types; these are the calls decodeImage (and the test fixtures) make. */
declare module "utif" {
  interface Ifd {
    t256?: number[];
    t257?: number[];
    t274?: number[];
    width?: number;
    height?: number;
    [tag: string]: unknown;
  }
  const UTIF: {
    decode(buffer: ArrayBuffer | Uint8Array): Ifd[];
    decodeImage(buffer: ArrayBuffer | Uint8Array, ifd: Ifd): void;
    toRGBA8(ifd: Ifd): Uint8Array;
    /** Writes the directories only (the test fixtures append the pixel strips). */
    encode(ifds: Record<string, unknown>[]): ArrayBuffer;
  };
  export default UTIF;
}
