/**
 * The first minute, in the built renderer over the real engine on a new data folder: the empty
 * states say the next step, "Try it with the Enclave guide" imports the user guide, and its first
 * suggested question comes back cited to a page of the guide, with no model. Screenshots of each
 * step go to artifacts/screenshots/first-run-*.png (the path is printed).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineApi } from "../../electron/engine/EngineApi";
import { SAMPLE_QUESTIONS } from "../../shared/sampleGuide";
import {
  closeE2e,
  launchBuiltApp,
  makeE2eDir,
  openFirstCitation,
  saveScreenshot,
} from "./harness/e2eSession";
import { FakeDialog, type AppHarness } from "./harness/launchApp";
import { openEngine } from "./harness/openEngine";

let dir = "";
let engine: EngineApi;
let app: AppHarness;

async function shot(name: string): Promise<void> {
  console.log(`[e2e] screenshot: ${await saveScreenshot(app.page, `first-run-${name}`)}`);
}

beforeAll(async () => {
  dir = await makeE2eDir("enclave-e2e-first-");
  ({ engine, app } = await launchBuiltApp(
    dir,
    () => openEngine(join(dir, "data")),
    new FakeDialog(),
  ));
});

afterAll(() => closeE2e(app, engine, dir));

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
    const { citedPage, highlighted } = await openFirstCitation(page);
    // Page 1 is the guide's title page; importing has a page of its own.
    expect(citedPage).toBeGreaterThan(1);
    expect(await page.getByTestId("viewer-page").inputValue()).toBe(String(citedPage));
    expect(highlighted).toMatch(/folder/i);
    await shot("viewer");
    expect(app.foreignRequests()).toEqual([]);
  });
});
