/**
 * Reads an image's kind, pixel size and EXIF orientation from its header bytes, without decoding
 * it, so a decompression bomb (a small file that claims 100 000 × 100 000 pixels) is refused
 * before any pixel buffer is allocated.
 */

export type ImageKind = "png" | "jpeg" | "tiff" | "bmp" | "webp" | "gif";

export interface ImageHeader {
  kind: ImageKind;
  /** Size of the first (or only) frame; null where the header could not be read (damaged file). */
  width: number | null;
  height: number | null;
  /** EXIF orientation 1–8 (JPEG); 1 when absent. */
  orientation: number;
}

const ascii = (b: Uint8Array, from: number, to: number): string =>
  String.fromCharCode(...b.subarray(from, to));

export function imageKind(b: Uint8Array): ImageKind | null {
  if (b[0] === 0x89 && ascii(b, 1, 4) === "PNG") return "png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (ascii(b, 0, 4) === "II*\0" || ascii(b, 0, 4) === "MM\0*") return "tiff";
  // "BM" alone could start a text file: a BMP also names a known DIB header size at byte 14.
  if (ascii(b, 0, 2) === "BM" && [12, 40, 52, 56, 64, 108, 124].includes(b[14] ?? 0) && b[15] === 0)
    return "bmp";
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP") return "webp";
  if (ascii(b, 0, 4) === "GIF8") return "gif";
  return null;
}

/** EXIF orientation from a JPEG APP1 segment's TIFF structure (tag 0x0112). */
function exifOrientation(b: Uint8Array, start: number, end: number): number {
  if (ascii(b, start, start + 6) !== "Exif\0\0") return 1;
  const t = start + 6;
  const le = ascii(b, t, t + 2) === "II";
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (t + 8 > end) return 1;
  const ifd = t + view.getUint32(t + 4, le);
  if (ifd + 2 > end) return 1;
  const count = view.getUint16(ifd, le);
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > end) break;
    if (view.getUint16(e, le) === 0x0112) {
      const o = view.getUint16(e + 8, le);
      return o >= 1 && o <= 8 ? o : 1;
    }
  }
  return 1;
}

function jpegHeader(b: Uint8Array): ImageHeader {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let orientation = 1;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return { kind: "jpeg", width: null, height: null, orientation };
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const len = view.getUint16(i + 2);
    if (marker === 0xe1) orientation = exifOrientation(b, i + 4, Math.min(b.length, i + 2 + len));
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return {
        kind: "jpeg",
        height: view.getUint16(i + 5),
        width: view.getUint16(i + 7),
        orientation,
      };
    i += 2 + len;
  }
  return { kind: "jpeg", width: null, height: null, orientation };
}

function webpHeader(b: Uint8Array): ImageHeader {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const chunk = ascii(b, 12, 16);
  const none = { kind: "webp" as const, width: null, height: null, orientation: 1 };
  if (b.length < 30) return none;
  if (chunk === "VP8X")
    return {
      kind: "webp",
      width: 1 + (view.getUint32(24, true) & 0xffffff),
      height: 1 + (view.getUint32(27, true) & 0xffffff),
      orientation: 1,
    };
  if (chunk === "VP8L") {
    const bits = view.getUint32(21, true);
    return {
      kind: "webp",
      width: 1 + (bits & 0x3fff),
      height: 1 + ((bits >> 14) & 0x3fff),
      orientation: 1,
    };
  }
  if (chunk === "VP8 ")
    return {
      kind: "webp",
      width: view.getUint16(26, true) & 0x3fff,
      height: view.getUint16(28, true) & 0x3fff,
      orientation: 1,
    };
  return none;
}

/** Kind, size and orientation, or null when the bytes are no image format we read. TIFF sizes come from its decoder. */
export function readImageHeader(b: Uint8Array): ImageHeader | null {
  const kind = imageKind(b);
  if (kind === null) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (kind) {
    case "png":
      return b.length >= 24
        ? { kind, width: view.getUint32(16), height: view.getUint32(20), orientation: 1 }
        : { kind, width: null, height: null, orientation: 1 };
    case "jpeg":
      return jpegHeader(b);
    case "bmp":
      return b.length >= 26
        ? {
            kind,
            width: Math.abs(view.getInt32(18, true)),
            height: Math.abs(view.getInt32(22, true)),
            orientation: 1,
          }
        : { kind, width: null, height: null, orientation: 1 };
    case "webp":
      return webpHeader(b);
    case "gif":
      return {
        kind,
        width: view.getUint16(6, true),
        height: view.getUint16(8, true),
        orientation: 1,
      };
    case "tiff":
      return { kind, width: null, height: null, orientation: 1 };
  }
}
