/**
 * Tesseract's WebAssembly core (from tesseract.js 7, package tesseract.js-core), run directly on
 * the calling thread: the parse pool's worker threads each hold one. tesseract.js's own
 * `createWorker` starts a further worker_threads worker per instance, which the network guard
 * installed in our workers would not reach, and it would fetch traineddata from a CDN unless told
 * otherwise; calling the core ourselves leaves no code path that could fetch anything: the wasm
 * and the traineddata are read from local files and handed over as bytes.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { joinOcrWords } from "../../../../shared/pageText";
import { rotateGray, toPgm } from "./grayImage";
import { textLayerUnusable } from "./textLayerQuality";
import type { GrayImage, OcrPageResult, OcrWord } from "./types";

const require = createRequire(import.meta.url);

/** LSTM only: the `_best_int` English data has no legacy model, and LSTM is the accurate engine. */
const OEM_LSTM_ONLY = 1;
/**
 * A first pass below this mean confidence, or whose words read as garbage, is retried turned by
 * 90, 270 and 180 degrees (a page scanned sideways or upside down reads as confident-looking
 * noise: 54% on a test page turned 90 degrees).
 */
const ROTATION_RETRY_BELOW = 60;

/** The Emscripten module's surface we use (tesseract.js-core ships no types). */
interface TessModule {
  FS: { writeFile(path: string, data: Uint8Array | string): void; unlink(path: string): void };
  TessBaseAPI: new () => TessApi;
}
interface TessApi {
  Init(dataPath: string | null, langs: string, oem: number): number;
  SetImageFile(exif: number, angle: number): void;
  SetSourceResolution(dpi: number): void;
  SetVariable(name: string, value: string): boolean;
  Recognize(monitor: null): number;
  GetTSVText(page: number): string;
  Clear(): void;
  End(): void;
}

/** Where the English traineddata shipped with the app lives (`@tesseract.js-data/eng`). */
export function bundledLanguagesDir(): string {
  return join(dirname(require.resolve("@tesseract.js-data/eng/package.json")), "4.0.0_best_int");
}

/** A language that cannot be found: IT named one in OcrLanguages that is not installed. */
export class OcrLanguageMissingError extends Error {
  override readonly name = "OcrLanguageMissingError";
  constructor(lang: string, dirs: string[]) {
    super(
      `The OCR language "${lang}" is not installed: put ${lang}.traineddata in ${dirs.join(" or ")}, or remove it from OcrLanguages.`,
    );
  }
}

function readTraineddata(lang: string, dirs: string[]): Uint8Array {
  if (!/^[A-Za-z0-9_]{2,32}$/.test(lang)) throw new OcrLanguageMissingError(lang, dirs);
  for (const dir of dirs)
    for (const name of [`${lang}.traineddata`, `${lang}.traineddata.gz`]) {
      const path = join(dir, name);
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path);
      return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
    }
  throw new OcrLanguageMissingError(lang, dirs);
}

function parseTsv(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  let lastLine = "";
  for (const row of tsv.split("\n")) {
    const f = row.split("\t");
    // level 5 = word: level page block par line word left top width height conf text
    if (f[0] !== "5" || f.length < 12) continue;
    const text = f.slice(11).join("\t").trim();
    if (text === "") continue;
    const line = `${f[2]}.${f[3]}.${f[4]}`;
    const prev = words[words.length - 1];
    if (prev !== undefined && line !== lastLine) prev.lineEnd = true;
    lastLine = line;
    const [left, top, width, height] = [6, 7, 8, 9].map((i) => Number(f[i]));
    words.push({
      text,
      box: [left ?? 0, top ?? 0, (left ?? 0) + (width ?? 0), (top ?? 0) + (height ?? 0)],
      confidence: Math.max(0, Math.min(100, Math.round(Number(f[10])))),
      lineEnd: false,
    });
  }
  const last = words[words.length - 1];
  if (last !== undefined) last.lineEnd = true;
  return words;
}

function meanConfidence(words: OcrWord[]): number {
  if (words.length === 0) return 0;
  return Math.round(words.reduce((s, w) => s + w.confidence, 0) / words.length);
}

/** How much readable text a pass found: confident characters, so a turn that finds more wins. */
function score(r: OcrPageResult): number {
  return r.words.reduce((s, w) => s + (w.text.length > 1 ? w.confidence * w.text.length : 0), 0);
}

export class TesseractOcr {
  private constructor(
    private readonly api: TessApi,
    private readonly module: TessModule,
  ) {}

  /** Loads the core and the languages (about 0.3 s and 100 MB of wasm memory for English). */
  static async create(languages: string[], languagesDir: string | null): Promise<TesseractOcr> {
    const corePath = require.resolve("tesseract.js-core/tesseract-core-simd-lstm.js");
    const factory = require(corePath) as (arg: object) => Promise<TessModule>;
    const module = await factory({
      wasmBinary: readFileSync(corePath.replace(/\.js$/, ".wasm")),
      // Tesseract prints its warnings (e.g. "Estimating resolution") to stderr: keep them out of the CLI's output.
      printErr: () => undefined,
      print: () => undefined,
    });
    const dirs = [...(languagesDir === null ? [] : [languagesDir]), bundledLanguagesDir()];
    const langs = languages.length === 0 ? ["eng"] : languages;
    for (const lang of langs)
      module.FS.writeFile(`/${lang}.traineddata`, readTraineddata(lang, dirs));
    const api = new module.TessBaseAPI();
    if (api.Init("/", langs.join("+"), OEM_LSTM_ONLY) !== 0)
      throw new Error(
        `Tesseract could not load the languages ${langs.join(", ")}: a traineddata file is damaged.`,
      );
    return new TesseractOcr(api, module);
  }

  /** Reads one upright-or-not page image; pages that read badly are retried turned a quarter at a time. */
  recognize(image: GrayImage, dpi: number): OcrPageResult {
    const first = this.pass(image, dpi, 0);
    if (
      first.confidence >= ROTATION_RETRY_BELOW &&
      !textLayerUnusable(joinOcrWords(first.words).text)
    )
      return first;
    let best = first;
    for (const turn of [90, 270, 180]) {
      const r = this.pass(rotateGray(image, turn), dpi, turn);
      if (score(r) > score(best)) best = r;
    }
    return best;
  }

  private pass(image: GrayImage, dpi: number, rotation: number): OcrPageResult {
    this.module.FS.writeFile("/input", toPgm(image));
    try {
      this.api.SetImageFile(1, 0);
      this.api.SetSourceResolution(dpi);
      this.api.Recognize(null);
      const words = parseTsv(this.api.GetTSVText(0));
      return {
        width: image.width,
        height: image.height,
        rotation,
        confidence: meanConfidence(words),
        words,
      };
    } finally {
      this.api.Clear();
      this.module.FS.unlink("/input");
    }
  }

  dispose(): void {
    this.api.End();
  }
}
