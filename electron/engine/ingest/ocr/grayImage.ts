/** Small pixel helpers for OCR input: RGBA to grey, quarter turns, and Tesseract's PGM input. */
import type { GrayImage } from "./types";

/** Greys RGBA pixels (ITU-R 601 luma), composing transparency onto white as a scan would show it. */
export function grayFromRgba(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
): GrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += 4) {
    const a = rgba[p + 3] ?? 255;
    const y = ((rgba[p] ?? 0) * 299 + (rgba[p + 1] ?? 0) * 587 + (rgba[p + 2] ?? 0) * 114) / 1000;
    data[i] = Math.round((y * a + 255 * (255 - a)) / 255);
  }
  return { width, height, data };
}

/** The image turned clockwise by `degrees` (0, 90, 180 or 270). */
export function rotateGray(img: GrayImage, degrees: number): GrayImage {
  const turn = ((degrees % 360) + 360) % 360;
  if (turn === 0) return img;
  const { width: w, height: h, data } = img;
  const ow = turn === 180 ? w : h;
  const oh = turn === 180 ? h : w;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x] ?? 255;
      if (turn === 90) out[x * ow + (h - 1 - y)] = v;
      else if (turn === 180) out[(h - 1 - y) * ow + (w - 1 - x)] = v;
      else out[(w - 1 - x) * ow + y] = v;
    }
  return { width: ow, height: oh, data: out };
}

/** Binary PGM (P5): Leptonica reads it without any decoding work, unlike PNG. */
export function toPgm(img: GrayImage): Uint8Array {
  const head = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(head.length + img.data.length);
  out.set(head);
  out.set(img.data, head.length);
  return out;
}
