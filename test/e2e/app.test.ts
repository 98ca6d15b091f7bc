/**
 * The built renderer in headless Chromium over the real engine (through the real gateway and the
 * preload's own API builder): import, ask (extractive and with a generated tiny chat model),
 * citations into the PDF viewer, search, collections, errors, and no request off the app origin.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineApi } from "../../electron/engine/EngineApi";
import type { ImportEvent } from "../../shared/types";
import { makeTinyLlama } from "../fixtures/gguf/writeGguf";
import { makeManualPdf, pumpManual, radioManual } from "./fixtures/makeManualPdf";
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
const dialog = new FakeDialog();
const files = { pump: "", radio: "", broken: "", model: "" };
let firstCollection = "";

async function shot(name: string): Promise<void> {
  await saveScreenshot(app.page, name);
}

beforeAll(async () => {
  dir = await makeE2eDir("enclave-e2e-");
  const docs = join(dir, "docs");
  await mkdir(docs);
  files.pump = await makeManualPdf(join(docs, "hx200-pump.pdf"), "HX-200 Pump Manual", pumpManual);
  files.radio = await makeManualPdf(join(docs, "tr7-radio.pdf"), "TR-7 Radio Handset", radioManual);
  files.broken = join(docs, "scan-damaged.pdf");
  await writeFile(files.broken, "%PDF-1.7\nthis file was cut off during the transfer");
  files.model = await makeTinyLlama(join(dir, "tiny-chat.gguf"), {
    role: "chat",
    name: "tiny-chat",
    contextLength: 4096,
  });

  ({ engine, app } = await launchBuiltApp(dir, () => openEngine(join(dir, "data")), dialog));
});

afterAll(() => closeE2e(app, engine, dir));

describe("Enclave in the browser", () => {
  it("imports PDFs with per-file progress and shows why a damaged file failed", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "Library" }).click();
    firstCollection = await page.getByTestId("collection-select").inputValue();
    dialog.imports.push([files.pump, files.radio, files.broken]);
    await page.getByRole("button", { name: "Import files…" }).click();
    await expect
      .poll(() => page.getByTestId("import-panel").textContent(), { timeout: 120_000 })
      .toMatch(/Import finished/);

    const progress = app.events
      .filter((e) => e.event === "importProgress")
      .map((e) => e.payload as ImportEvent);
    expect(progress.filter((e) => e.kind === "started").map((e) => e.file)).toEqual(
      expect.arrayContaining(["hx200-pump.pdf", "tr7-radio.pdf"]),
    );
    const errorRow = page.getByTestId("import-error");
    await expect.poll(() => errorRow.count()).toBe(1);
    expect(await errorRow.textContent()).toContain("scan-damaged.pdf");
    // The reason is the engine's message, not just "Failed".
    expect((await errorRow.locator(".reason").textContent())?.length).toBeGreaterThan(10);
    await expect.poll(() => page.getByTestId("document-row").count()).toBe(2);
    await shot("library");
  });

  it("answers extractively with citations when no chat model is chosen", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "Ask", exact: true }).first().click();
    await page.locator("#question").fill("How often should the hydraulic oil filter be replaced?");
    await page.locator("#question").press("Enter");
    await page.getByTestId("source-item").first().waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId("extractive-notice").count()).toBe(1);
    expect(await page.getByTestId("citation-chip").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("source-item").first().textContent()).toContain(
      "HX-200 Pump Manual",
    );
    await page.getByTestId("citation-chip").first().hover();
    await page.getByTestId("citation-preview").waitFor();
    await shot("chat-extractive");
  });

  it("opens a citation at its page with the cited passage highlighted", async () => {
    const { page } = app;
    const { citedPage, highlighted } = await openFirstCitation(page);
    expect(citedPage).toBeGreaterThan(0);
    expect(await page.getByTestId("viewer-page").inputValue()).toBe(String(citedPage));
    expect(await page.getByTestId("pdf-page").getAttribute("data-page")).toBe(String(citedPage));
    expect(highlighted).toMatch(/filter/i);
    await shot("viewer");
  });

  it("finds passages with Ctrl+K, marks the matching words and opens a hit in the viewer", async () => {
    const { page } = app;
    await page.keyboard.press("Control+k");
    await page.locator("#search-input").fill("relief valve pressure");
    await page.getByTestId("search-result").first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("search-result").first().locator("mark").count()).toBeGreaterThan(
      0,
    );
    expect(await page.getByTestId("search-result").first().textContent()).toContain(
      "HX-200 Pump Manual",
    );
    await shot("search");
    await page.locator("#search-input").press("Enter");
    await expect.poll(() => page.getByTestId("viewer-page").inputValue()).toBe("3");
    await page.getByTestId("highlight-box").first().waitFor({ timeout: 30_000 });
  });

  it("lists an added GGUF model and streams an answer from it once chosen", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "Close viewer" }).click();
    await page.getByRole("button", { name: "Models" }).click();
    dialog.models.push(files.model);
    await page.getByRole("button", { name: "Add GGUF file…" }).click();
    await expect
      .poll(() => page.getByTestId("model-row").count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    expect(await page.getByTestId("model-table").textContent()).toContain("tiny-chat.gguf");
    const modelId = await page
      .getByLabel("Chat model")
      .locator("option", { hasText: "tiny-chat.gguf" })
      .getAttribute("value");
    await page.getByLabel("Chat model").selectOption(modelId ?? "");
    await expect.poll(() => page.getByLabel("Chat model").inputValue()).toBe(modelId);
    await shot("models");

    await page.getByRole("button", { name: "Ask", exact: true }).first().click();
    await page.getByRole("button", { name: "New chat" }).click();
    const tokensBefore = app.events.filter((e) => e.event === "answerToken").length;
    await page.locator("#question").fill("How often should the hydraulic oil filter be replaced?");
    await page.locator("#question").press("Enter");
    await expect
      .poll(() => page.locator(".turn .answer, .turn [data-testid=not-found]").count(), {
        timeout: 120_000,
      })
      .toBe(1);
    await expect
      .poll(() => page.getByRole("button", { name: "Regenerate" }).count(), { timeout: 120_000 })
      .toBe(1);
    // The random-weight model writes gibberish; what matters is that its tokens reached the page.
    expect(app.events.filter((e) => e.event === "answerToken").length).toBeGreaterThan(
      tokensBefore,
    );
    await shot("chat-model");
  });

  it("creates a collection, imports a dropped file into it, switches back and keeps them apart", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "Library" }).click();
    await page.getByRole("button", { name: "New collection" }).click();
    await page.getByPlaceholder("New collection name").fill("Case 2026-114");
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await expect
      .poll(() => page.getByTestId("collection-select").inputValue())
      .toBe("Case 2026-114");
    await expect.poll(() => page.getByTestId("document-row").count()).toBe(0);

    // A real drop: DOM File objects; the bridge resolves their paths like webUtils.getPathForFile.
    await page.evaluate((path) => {
      (window as unknown as { __droppedPaths: Record<string, string> }).__droppedPaths = {
        "tr7-radio.pdf": path,
      };
    }, files.radio);
    const dataTransfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(["%PDF"], "tr7-radio.pdf", { type: "application/pdf" }));
      return dt;
    });
    await page.locator(".library").dispatchEvent("drop", { dataTransfer });
    await expect.poll(() => page.getByTestId("document-row").count(), { timeout: 60_000 }).toBe(1);
    expect(await page.getByTestId("document-list").textContent()).toContain("TR-7 Radio Handset");
    await page.getByTestId("collection-select").selectOption(firstCollection);
    await expect.poll(() => page.getByTestId("document-row").count()).toBe(2);
  });

  it("sent no request anywhere but the app itself", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "Privacy" }).click();
    await expect.poll(() => page.getByTestId("blocked-requests").textContent()).toBe("0");
    await shot("privacy");
    expect(app.requests.length).toBeGreaterThan(0);
    expect(app.foreignRequests()).toEqual([]);
  });
});
