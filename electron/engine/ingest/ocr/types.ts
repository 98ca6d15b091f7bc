/** What OCR produces for one page image, kept whole in the OCR cache and sent between threads. */

/** One recognised word: its text, box in image pixels and Tesseract's confidence (0–100). */
export interface OcrWord {
  text: string;
  /** Box [left, top, right, bottom] in pixels of the (upright) page image. */
  box: [number, number, number, number];
  confidence: number;
  /** True for the last word of a text line (the page text puts "\n" after it). */
  lineEnd: boolean;
}

export interface OcrPageResult {
  /** Width and height of the upright page image the boxes refer to, in pixels. */
  width: number;
  height: number;
  /** Clockwise rotation applied to the source image to make it upright: 0, 90, 180 or 270. */
  rotation: number;
  /** Mean word confidence, 0–100, rounded; 0 when no word was found. */
  confidence: number;
  words: OcrWord[];
}

/** An 8-bit greyscale image, row-major, one byte per pixel. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Which languages OCR reads, and where extra traineddata files live. */
export interface OcrSettings {
  /** Tesseract language codes, joined with "+" for Tesseract. Default ["eng"]. */
  languages: string[];
  /** A folder of `<lang>.traineddata` (or `.traineddata.gz`) files IT added. Default: none. */
  languagesDir: string | null;
  /** Folder of cached OCR results by page hash (in the data folder). Default: none (no cache). */
  cacheDir: string | null;
}

/**
 * Time limit of one page's OCR task: a 300-dpi page takes about 7 s on an idle 2-core machine,
 * four times that when a badly-read page is retried turned (see TesseractOcr), and several times
 * more on a loaded one (120 s was exceeded by bench:ocr at a load average of 12 on 2 cores).
 */
export const OCR_TIMEOUT_MS = 300_000;
