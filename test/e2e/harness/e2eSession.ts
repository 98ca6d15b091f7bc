/**
 * What every e2e file does around its tests: a temp folder, the built renderer and bridge, the
 * engine, the app over it, and the same things closed again; plus the screenshots folder.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import type { EngineApi } from "../../../electron/engine/EngineApi";
import { buildBridgeScript, buildRenderer } from "./buildBundles";
import { launchApp, type AppHarness, type FakeDialog } from "./launchApp";

/** artifacts/screenshots at the repository root. */
export const screenshots = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "artifacts",
  "screenshots",
);

/** A new temp folder named after `prefix`, with the screenshots folder made. */
export async function makeE2eDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await mkdir(screenshots, { recursive: true });
  return dir;
}

/**
 * Builds the renderer (into `<dir>/dist`) and the bridge, then opens the engine with `open` and
 * launches the app over it, resolved once the collection list shows.
 */
export async function launchBuiltApp<E extends EngineApi>(
  dir: string,
  open: () => Promise<E>,
  dialog: FakeDialog,
): Promise<{ engine: E; app: AppHarness }> {
  const distDir = join(dir, "dist");
  const [, bridgeScript] = await Promise.all([buildRenderer(distDir), buildBridgeScript()]);
  const engine = await open();
  const app = await launchApp({ distDir, bridgeScript, engine, dialog });
  await app.page.getByTestId("collection-select").waitFor();
  return { engine, app };
}

/** Closes the app, then the engine, then removes the folder: each only where it was made. */
export async function closeE2e(
  app: AppHarness | undefined,
  engine: EngineApi | undefined,
  dir: string,
): Promise<void> {
  await app?.close();
  await engine?.close();
  if (dir !== "") await rm(dir, { recursive: true, force: true });
}

/** Saves a screenshot of the page as `artifacts/screenshots/<name>.png`; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const path = join(screenshots, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * Clicks the first citation chip of the answer and waits for the viewer's highlight: the page
 * the first source names, and the text of the highlighted boxes.
 */
export async function openFirstCitation(
  page: Page,
): Promise<{ citedPage: number; highlighted: string }> {
  const source =
    (await page.getByTestId("source-item").first().locator(".source-page").textContent()) ?? "";
  const citedPage = Number(/p+\. (\d+)/.exec(source)?.[1]);
  await page.getByTestId("citation-chip").first().click();
  await page.getByTestId("highlight-box").first().waitFor({ timeout: 30_000 });
  const highlighted = (
    await page
      .getByTestId("highlight-box")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-text")))
  ).join(" ");
  return { citedPage, highlighted };
}
