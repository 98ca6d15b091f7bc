/**
 * The first minute, in the built renderer over the real engine on a new data folder: the empty
 * states say the next step, "Try it with the Enclave guide" imports the user guide, and its first
 * suggested question comes back cited to a page of the guide, with no model. Screenshots of each
 * step go to artifacts/screenshots/first-run-*.png (the path is printed).
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineApi } from "../../electron/engine/EngineApi";
import { SAMPLE_QUESTIONS } from "../../shared/sampleGuide";
import { buildBridgeScript, buildRenderer } from "./harness/buildBundles";
import { FakeDialog, launchApp, type AppHarness } from "./harness/launchApp";
import { openEngine } from "./harness/openEngine";

const screenshots = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "artifacts",
  "screenshots",
);

let dir = "";
let engine: EngineApi;
let app: AppHarness;

async function shot(name: string): Promise<void> {
  const path = join(screenshots, `first-run-${name}.png`);
  await app.page.screenshot({ path });
  console.log(`[e2e] screenshot: ${path}`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "enclave-e2e-first-"));
  await mkdir(screenshots, { recursive: true });
  const distDir = join(dir, "dist");
  const [, bridgeScript] = await Promise.all([buildRenderer(distDir), buildBridgeScript()]);
  engine = await openEngine(join(dir, "data"));
  app = await launchApp({ distDir, bridgeScript, engine, dialog: new FakeDialog() });
  await app.page.getByTestId("collection-select").waitFor();
});

afterAll(async () => {
  await app?.close();
  await engine?.close();
  if (dir !== "") await rm(dir, { recursive: true, force: true });
});

describe("the first minute", () => {
  it("opens on Ask, offering the user guide and the Library as the next step", async () => {
    const { page } = app;
    const empty = page.getByTestId("ask-empty");
    await expect.poll(() => empty.textContent(), { timeout: 30_000 }).toMatch(/Welcome/);
    expect(await empty.textContent()).toMatch(/import files or a folder/i);
    await expect
      .poll(() => page.getByRole("button", { name: "Try it with the Enclave guide" }).isEnabled())
      .toBe(true);
    await shot("ask");
  });

  it("says in Library and Models what to do next", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "Library", exact: true }).click();
    const library = page.getByTestId("library-empty");
    await library.waitFor();
    expect(await library.textContent()).toMatch(/Import files or a folder/);
    expect(await library.getByTestId("try-guide").count()).toBe(1);
    await shot("library");

    await page.getByRole("button", { name: "Models", exact: true }).click();
    const models = page.getByTestId("models-empty");
    await models.waitFor();
    // Where a GGUF file goes (the user's models folder in this data folder), and that none is needed.
    expect(await models.textContent()).toContain(join(dir, "data", "models"));
    expect(await models.textContent()).toMatch(/still answers/);
    await shot("models");
  });

  it("imports the guide in one click and answers its first suggested question with a citation", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "Ask", exact: true }).first().click();
    await page.getByRole("button", { name: "Try it with the Enclave guide" }).click();
    const suggestions = page.getByTestId("suggested-question");
    await expect.poll(() => suggestions.count(), { timeout: 60_000 }).toBe(SAMPLE_QUESTIONS.length);
    expect(await suggestions.first().textContent()).toBe(SAMPLE_QUESTIONS[0]);
    await shot("guide");

    await suggestions.first().click();
    await page.getByTestId("source-item").first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("extractive-notice").count()).toBe(1);
    expect(await page.getByTestId("citation-chip").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("source-item").first().textContent()).toContain(
      "Enclave user guide",
    );
    await shot("answer");
  });

  it("opens the citation at the guide's page with the passage highlighted", async () => {
    const { page } = app;
    const source =
      (await page.getByTestId("source-item").first().locator(".source-page").textContent()) ?? "";
    const citedPage = Number(/p+\. (\d+)/.exec(source)?.[1]);
    // Page 1 is the guide's title page; importing has a page of its own.
    expect(citedPage).toBeGreaterThan(1);
    await page.getByTestId("citation-chip").first().click();
    await page.getByTestId("highlight-box").first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("viewer-page").inputValue()).toBe(String(citedPage));
    const highlighted = (
      await page
        .getByTestId("highlight-box")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-text")))
    ).join(" ");
    expect(highlighted).toMatch(/folder/i);
    await shot("viewer");
    expect(app.foreignRequests()).toEqual([]);
  });
});
