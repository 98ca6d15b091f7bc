/**
 * Decodes an image file into upright greyscale frames for OCR: PNG, JPEG, BMP, WebP and GIF with
 * @napi-rs/canvas (already shipped for pdf.js rendering; Skia's codecs), TIFF with utif (the
 * Photopea decoder: pure JavaScript, no dependencies beyond pako, reads the compressions scanners
 * write: CCITT G3/G4 fax, LZW, PackBits, Deflate, JPEG; multi-page files give one frame per page).
 * Pixel counts are checked from the headers before any pixels are decoded.
 */
import { createCanvas, loadImage } from "@napi-rs/canvas";
import UTIF from "utif";
import { grayFromRgba, rotateGray } from "./grayImage";
import { readImageHeader } from "./imageHeader";
import type { GrayImage } from "./types";

/** A file the decoder cannot read: `kind` picks the import error (CORRUPT or TOO_LARGE). */
export class ImageDecodeError extends Error {
  override readonly name = "ImageDecodeError";
  constructor(
    readonly kind: "CORRUPT" | "TOO_LARGE" | "UNSUPPORTED",
    message: string,
  ) {
    super(message);
  }
}

export interface DecodeImageOptions {
  /** Largest frame, in pixels, decoded. Default 100 million (a 600-dpi A3 scan is 70 million). */
  maxPixels?: number;
  /** Most frames (TIFF pages) read. Default 2000. */
  maxFrames?: number;
}

function checkSize(width: number, height: number, maxPixels: number): void {
  if (!(width > 0 && height > 0))
    throw new ImageDecodeError("CORRUPT", "its header gives no image size");
  if (width * height > maxPixels)
    throw new ImageDecodeError(
      "TOO_LARGE",
      `${width} × ${height} pixels; images up to ${Math.round(maxPixels / 1e6)} million pixels are read`,
    );
}

/** Applies an EXIF/TIFF orientation (1–8) so the image shows as the camera meant. */
export function applyOrientation(img: GrayImage, orientation: number): GrayImage {
  const mirrored = [2, 4, 5, 7].includes(orientation);
  let out = img;
  if (mirrored) {
    const data = new Uint8Array(img.data.length);
    for (let y = 0; y < img.height; y++)
      for (let x = 0; x < img.width; x++)
        data[y * img.width + x] = img.data[y * img.width + (img.width - 1 - x)] ?? 255;
    out = { ...img, data };
  }
  const turn: Record<number, number> = { 3: 180, 4: 180, 5: 90, 6: 90, 7: 270, 8: 270 };
  return rotateGray(out, turn[orientation] ?? 0);
}

/**
 * PNG, JPEG, BMP, WebP through Skia. Skia already turns (and mirrors) a JPEG by its EXIF
 * orientation while decoding (measured on @napi-rs/canvas 0.1.80 for orientations 2, 3, 6, 8), so
 * the pixels come out as the camera meant; turning them again would put a phone photo on its side.
 */
async function decodeWithCanvas(bytes: Uint8Array): Promise<GrayImage> {
  let image;
  try {
    image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new ImageDecodeError("CORRUPT", error instanceof Error ? error.message : String(error));
  }
  const { width, height } = image;
  if (!(width > 0 && height > 0))
    throw new ImageDecodeError("CORRUPT", "the image could not be decoded");
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  return grayFromRgba(ctx.getImageData(0, 0, width, height).data, width, height);
}

function decodeTiff(bytes: Uint8Array, maxPixels: number, maxFrames: number): GrayImage[] {
  let ifds;
  try {
    ifds = UTIF.decode(bytes);
  } catch (error) {
    throw new ImageDecodeError("CORRUPT", error instanceof Error ? error.message : String(error));
  }
  const frames: GrayImage[] = [];
  for (const ifd of ifds.slice(0, maxFrames)) {
    const width = ifd.t256?.[0] ?? 0;
    const height = ifd.t257?.[0] ?? 0;
    checkSize(width, height, maxPixels);
    try {
      UTIF.decodeImage(bytes, ifd);
    } catch (error) {
      throw new ImageDecodeError("CORRUPT", error instanceof Error ? error.message : String(error));
    }
    const rgba = UTIF.toRGBA8(ifd);
    if (rgba.length < width * height * 4)
      throw new ImageDecodeError("CORRUPT", "a page's image data is cut short");
    frames.push(applyOrientation(grayFromRgba(rgba, width, height), ifd.t274?.[0] ?? 1));
  }
  if (frames.length === 0) throw new ImageDecodeError("CORRUPT", "it holds no image");
  return frames;
}

/** Whether the file still has its end marker (PNG IEND, JPEG EOI; trailing padding allowed). */
function hasEnd(bytes: Uint8Array, kind: string): boolean {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 64)));
  if (kind === "png") return tail.includes("IEND");
  if (kind === "jpeg") return tail.includes(Buffer.from([0xff, 0xd9]));
  return true;
}

/** The image's frames (one, or a TIFF's pages), upright and grey. */
export async function decodeImageFrames(
  bytes: Uint8Array,
  options: DecodeImageOptions = {},
): Promise<GrayImage[]> {
  const maxPixels = options.maxPixels ?? 100_000_000;
  const header = readImageHeader(bytes);
  if (header === null)
    throw new ImageDecodeError("UNSUPPORTED", "it is not an image format Enclave reads");
  if (header.kind === "tiff") return decodeTiff(bytes, maxPixels, options.maxFrames ?? 2000);
  checkSize(header.width ?? 0, header.height ?? 0, maxPixels);
  // Skia draws a cut-off PNG or JPEG as far as it goes, silently: a copy that stopped half-way
  // must fail as damaged, not import half a page.
  if (!hasEnd(bytes, header.kind)) throw new ImageDecodeError("CORRUPT", "the file is cut short");
  return [await decodeWithCanvas(bytes)];
}
