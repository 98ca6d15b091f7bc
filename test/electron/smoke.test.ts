/**
 * The packaged-shape app in a real Electron window, driven by Playwright's `_electron` API:
 * launch the built app (dist/), import a PDF through the real file dialog (stubbed in the main
 * process), ask, read the answer and a citation, check that no request left the app and that
 * the page cannot reach Node (`process`). Runs wherever an Electron binary is installed (the
 * release workflow on Windows, macOS and Linux); on a machine without one — such as the build
 * machine, which cannot download Electron — it is skipped and says so.
 *
 *   npm run build && npx vitest run --project electron
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { _electron as electron, type ElectronApplication, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeManualPdf, pumpManual } from "../e2e/fixtures/makeManualPdf";

/** The Electron binary npm installed, or null when its download was skipped. */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)("electron") as unknown;
    return typeof path === "string" && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * ENCLAVE_APP_EXECUTABLE: a packaged Enclave (the release workflow sets it to each OS's build);
 * otherwise the development Electron binary runs the built bundles in dist/.
 */
const packaged = process.env.ENCLAVE_APP_EXECUTABLE;
const binary = packaged !== undefined && existsSync(packaged) ? packaged : electronBinary();
const built = packaged !== undefined || existsSync(resolve("dist", "electron", "main", "index.js"));
const why =
  binary === null
    ? "no Electron binary is installed here (ELECTRON_SKIP_BINARY_DOWNLOAD)"
    : "dist/ is not built (run `npm run build` first)";
if (binary === null || !built) console.warn(`Electron smoke test SKIPPED: ${why}.`);

describe.skipIf(binary === null || !built)("Enclave in a real Electron window", () => {
  let dir = "";
  let app: ElectronApplication;
  let page: Page;
  const offApp: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "enclave-electron-"));
    const pdf = await makeManualPdf(join(dir, "hx200-pump.pdf"), "HX-200 Pump Manual", pumpManual);
    app = await electron.launch({
      executablePath: binary ?? undefined,
      args: [
        ...(packaged === undefined ? [resolve(".")] : []),
        `--user-data-dir=${join(dir, "user-data")}`,
      ],
      // userData follows these on each OS, so the test never touches the tester's own library.
      env: {
        ...process.env,
        XDG_CONFIG_HOME: join(dir, "config"),
        APPDATA: join(dir, "appdata"),
        HOME: process.platform === "darwin" ? dir : (process.env.HOME ?? dir),
      },
    });
    // The real main process opens native dialogs; answer the import dialog with the test PDF.
    await app.evaluate(({ dialog }, file) => {
      dialog.showOpenDialog = () => Promise.resolve({ canceled: false, filePaths: [file] });
    }, pdf);
    page = await app.firstWindow();
    page.on("request", (r) => {
      if (!r.url().startsWith("app://")) offApp.push(r.url());
    });
    await page.getByTestId("collection-select").waitFor({ timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  it("imports a PDF, answers with a citation into it, and keeps every request on the app", async () => {
    await page.getByRole("button", { name: "Library" }).click();
    await page.getByRole("button", { name: "Import files…" }).click();
    await expect
      .poll(() => page.getByTestId("import-panel").textContent(), { timeout: 120_000 })
      .toMatch(/Import finished/);
    await page.getByRole("button", { name: "Ask", exact: true }).first().click();
    await page.locator("#question").fill("How often should the hydraulic oil filter be replaced?");
    await page.locator("#question").press("Enter");
    await page.getByTestId("source-item").first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("citation-chip").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("source-item").first().textContent()).toContain(
      "HX-200 Pump Manual",
    );
    expect(offApp).toEqual([]);
  }, 180_000);

  it("gives the page no way to reach Node", async () => {
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      "undefined",
    );
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      "undefined",
    );
  });
});
