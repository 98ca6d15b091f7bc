/** utif 3.1.0 ships no types; these are the calls decodeImage makes. */
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
  };
  export default UTIF;
}
