/**
 * The process's OCR settings: set once by the engine from managed policy and the data folder,
 * read by the parser when it sends OCR tasks to the parse pool's workers. Until set (a bare
 * `parseDocument` call in a tool or test): English only and no cache.
 */
import type { OcrSettings } from "./types";

let current: OcrSettings = { languages: ["eng"], languagesDir: null, cacheDir: null };

export function setOcrSettings(settings: Partial<OcrSettings>): void {
  current = { ...current, ...settings };
}

export function ocrSettings(): OcrSettings {
  return current;
}
