/**
 * The OCR languages installed (English built in, traineddata files IT put in the
 * OcrLanguagesDirectory folder) and which are read with (OcrLanguages), for the models panel.
 */
import { readdirSync } from "node:fs";
import type { OcrLanguageInfo } from "../../../../shared/types";
import { bundledLanguagesDir } from "./TesseractOcr";
import type { OcrSettings } from "./types";

const TRAINEDDATA = /^([A-Za-z0-9_]{2,32})\.traineddata(\.gz)?$/;

/** Language codes with a traineddata file in `dir`; none when it is unset or cannot be read. */
function codesIn(dir: string | null): string[] {
  if (dir === null) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    // A folder that is not there (yet) holds no languages; OCR itself names it when one is used.
    if (["ENOENT", "ENOTDIR", "EACCES"].includes((error as NodeJS.ErrnoException).code ?? ""))
      return [];
    throw error;
  }
  return names.flatMap((n) => {
    const code = TRAINEDDATA.exec(n)?.[1];
    return code === undefined ? [] : [code];
  });
}

/**
 * Every language found or named, sorted: built-in first, then the policy folder's, then those
 * OcrLanguages names that are installed nowhere (OCR fails on those until IT adds them).
 */
export function listOcrLanguages(
  settings: Pick<OcrSettings, "languages" | "languagesDir">,
): OcrLanguageInfo[] {
  const used = new Set(settings.languages.length === 0 ? ["eng"] : settings.languages);
  // TesseractOcr looks in the policy folder first, so a file there wins over the built-in one.
  const folder = new Set(codesIn(settings.languagesDir));
  const builtIn = new Set(codesIn(bundledLanguagesDir()).filter((c) => !folder.has(c)));
  const info = (code: string, source: OcrLanguageInfo["source"]): OcrLanguageInfo => ({
    code,
    source,
    inUse: used.has(code),
  });
  return [
    ...[...builtIn].sort().map((c) => info(c, "built-in")),
    ...[...folder].sort().map((c) => info(c, "policy-folder")),
    ...[...used]
      .filter((c) => !builtIn.has(c) && !folder.has(c))
      .sort()
      .map((c) => info(c, "missing")),
  ];
}
