/**
 * The sample a new user imports to see Enclave work: its own user guide. The Markdown ships in
 * `resources/guide/` (in an installed app, `<resources>/guide/`); it is rendered to a PDF in the
 * data folder, so that answers cite its pages and the viewer keeps showing the imported version
 * after the app is updated, and then imported like any file.
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ErrorCode } from "../../../shared/errorCodes";
import { SAMPLE_GUIDE_FILE, SAMPLE_GUIDE_TITLE } from "../../../shared/sampleGuide";
import { writeFileAtomic } from "../support/writeFileAtomic";
import { readTextIfPresent } from "../support/readTextIfPresent";
import { renderGuidePdf } from "./guidePdf";

/** The guide's source file, inside the guide folder. */
export const GUIDE_SOURCE_FILE = "enclave-guide.md";

/**
 * Where the guide folder may be, in order: the installed app's resources (Electron sets
 * `process.resourcesPath`; electron-builder copies resources/guide there), then the repository,
 * three folders up from this module both as source (electron/engine/library) and as the
 * bundle main runs (dist/electron/main), or two up from the CLI's bundle (dist/cli-<stamp>).
 */
export function guideFolders(): string[] {
  const resources = (process as { resourcesPath?: unknown }).resourcesPath;
  const here = path.dirname(fileURLToPath(import.meta.url));
  return [
    ...(typeof resources === "string" ? [path.join(resources, "guide")] : []),
    path.resolve(here, "..", "..", "..", "resources", "guide"),
    path.resolve(here, "..", "..", "resources", "guide"),
  ];
}

/** The guide is not where an installed app or a source checkout keeps it. */
export class SampleGuideMissingError extends Error {
  override name = "SampleGuideMissingError";
  readonly code: ErrorCode = "NOT_FOUND";
  constructor(looked: string[]) {
    super(
      `Enclave's user guide is missing (looked for ${GUIDE_SOURCE_FILE} in ${looked.join(", ")}). Reinstall Enclave to restore it.`,
    );
  }
}

export interface WriteSampleGuideOptions {
  /** Folders to look for the guide's Markdown in, in order. Default: guideFolders(). */
  folders?: string[];
}

/**
 * Renders the guide into `<dataDir>/guide/` and resolves to the PDF's path. The file is only
 * rewritten when its bytes change (a new version of the guide), so a second import is a no-op.
 */
export async function writeSampleGuide(
  dataDir: string,
  options: WriteSampleGuideOptions = {},
): Promise<string> {
  const folders = options.folders ?? guideFolders();
  let markdown: string | null = null;
  for (const folder of folders) {
    markdown = await readTextIfPresent(path.join(folder, GUIDE_SOURCE_FILE));
    if (markdown !== null) break;
  }
  if (markdown === null) throw new SampleGuideMissingError(folders);
  const bytes = await renderGuidePdf(markdown, SAMPLE_GUIDE_TITLE);
  const target = path.join(dataDir, "guide", SAMPLE_GUIDE_FILE);
  const current = await readFile(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (current === null || !Buffer.from(bytes).equals(current)) {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, bytes);
  }
  return target;
}
