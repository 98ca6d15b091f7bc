/**
 * Questions about one document, in the built renderer over the real engine: "Ask this document"
 * from the library row and the viewer, the document chip above the composer, follow-ups that keep
 * the stored scope, a stored conversation reopened with its chip, the chip removed mid-conversation,
 * and the page note of a page reference. Two generated manuals share their wording, so a question
 * asked over the whole collection cites both and a scoped one must cite only its document.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineApi } from "../../electron/engine/EngineApi";
import { makeManualPdf, pumpManual, type ManualPage } from "./fixtures/makeManualPdf";
import { closeE2e, launchBuiltApp, makeE2eDir, saveScreenshot } from "./harness/e2eSession";
import { FakeDialog, type AppHarness } from "./harness/launchApp";
import { openEngine } from "./harness/openEngine";

const PUMP = "HX-200 Pump Manual";
const COMPRESSOR = "HX-300 Compressor Manual";

/** Worded like the pump manual on purpose: the filter interval is on page 2 of both. */
const compressorManual: ManualPage[] = [
  {
    heading: "1 Safety instructions",
    paragraphs: [
      "Read this manual before operating the HX-300 air compressor. Wear hearing protection while it runs.",
      "Disconnect the power supply and drain the air tank before opening any housing.",
    ],
  },
  {
    heading: "2 Maintenance schedule",
    paragraphs: [
      "Replace the intake air filter every 500 operating hours or at least twice a year, whichever comes first.",
      "Drain the condensate from the air tank daily through the drain valve under the tank.",
    ],
  },
  {
    heading: "3 Pressure settings",
    paragraphs: [
      "The pressure switch stops the compressor at 10 bar and restarts it at 8 bar.",
      "The safety valve on the tank opens at 11 bar; never block or adjust the safety valve.",
    ],
  },
];

const FILTER_QUESTION = "How often should the filter be replaced?";

let dir = "";
let engine: EngineApi;
let app: AppHarness;
const dialog = new FakeDialog();
const ids = { pump: "", compressor: "" };
let collection = "";

/** The texts of the sources listed under the `n`th answer (1-based). */
async function sourcesOfTurn(n: number): Promise<string[]> {
  const turn = app.page.getByRole("article", { name: `Question ${n}`, exact: true });
  await turn.getByTestId("source-item").first().waitFor({ timeout: 120_000 });
  return turn.getByTestId("source-item").allTextContents();
}

async function storedConversation() {
  const list = await engine.listConversations({ collection });
  expect(list).toHaveLength(1);
  return engine.getConversation({ id: list[0]?.id ?? "" });
}

async function ask(question: string): Promise<void> {
  await app.page.locator("#question").fill(question);
  await app.page.locator("#question").press("Enter");
}

beforeAll(async () => {
  dir = await makeE2eDir("enclave-e2e-scope-");
  const docs = join(dir, "docs");
  await mkdir(docs);
  const pump = await makeManualPdf(join(docs, "hx200-pump.pdf"), PUMP, pumpManual);
  const compressor = await makeManualPdf(
    join(docs, "hx300-compressor.pdf"),
    COMPRESSOR,
    compressorManual,
  );
  dialog.imports.push([pump, compressor]);

  ({ engine, app } = await launchBuiltApp(dir, () => openEngine(join(dir, "data")), dialog));
});

afterAll(() => closeE2e(app, engine, dir));

describe("questions about one document", () => {
  it("imports two manuals that word their maintenance alike", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "Library" }).click();
    collection = await page.getByTestId("collection-select").inputValue();
    await page.getByRole("button", { name: "Import files…" }).click();
    await expect
      .poll(() => page.getByTestId("import-panel").textContent(), { timeout: 120_000 })
      .toMatch(/Import finished/);
    await expect.poll(() => page.getByTestId("document-row").count()).toBe(2);
    const documents = await engine.listDocuments({ collection });
    ids.pump = documents.find((d) => d.title === PUMP)?.id ?? "";
    ids.compressor = documents.find((d) => d.title === COMPRESSOR)?.id ?? "";
    expect(ids.pump).not.toBe("");
    expect(ids.compressor).not.toBe("");
    await saveScreenshot(page, "scope-library-actions");
  });

  it("'Ask this document' in a library row asks about that document only", async () => {
    const { page } = app;
    await page.getByRole("button", { name: `Ask this document: ${COMPRESSOR}` }).click();
    await expect
      .poll(() =>
        page
          .getByRole("navigation", { name: "Sections" })
          .getByRole("button", { name: "Ask", exact: true })
          .getAttribute("aria-current"),
      )
      .toBe("page");
    const chip = page.getByRole("button", { name: `Remove scope: ${COMPRESSOR}` });
    await expect.poll(() => chip.count()).toBe(1);
    expect(await page.getByTestId("scope-chip").count()).toBe(1);
    // The question box has the focus: typing goes straight into it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("question");
    await page.keyboard.type(FILTER_QUESTION);
    await page.keyboard.press("Enter");

    const sources = await sourcesOfTurn(1);
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(s).toContain(COMPRESSOR);
    const turn = page.getByRole("article", { name: "Question 1", exact: true });
    const cited = await turn
      .getByTestId("citation-chip")
      .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""));
    expect(cited.length).toBeGreaterThan(0);
    for (const label of cited) expect(label).toContain(COMPRESSOR);
    expect(await turn.textContent()).toMatch(/500 operating hours/);
    expect(await turn.textContent()).not.toMatch(/250 operating hours/);

    const stored = await storedConversation();
    expect(stored.documents).toEqual([ids.compressor]);
  });

  it("keeps the scope for a follow-up and says which page 'page 2' was read as", async () => {
    const { page } = app;
    // Page 2 of both manuals is about replacing a filter: only the scope keeps the pump's out.
    await ask("What does page 2 say about replacing the filter?");
    const sources = await sourcesOfTurn(2);
    for (const s of sources) expect(s).toContain(COMPRESSOR);
    const turn = page.getByRole("article", { name: "Question 2", exact: true });
    expect(await turn.getByTestId("page-note").textContent()).toContain(
      "Page 2 of hx300-compressor.pdf",
    );
    expect(await page.getByRole("button", { name: `Remove scope: ${COMPRESSOR}` }).count()).toBe(1);
    const stored = await storedConversation();
    expect(stored.history).toHaveLength(2);
    expect(stored.documents).toEqual([ids.compressor]);

    await page.getByRole("article", { name: "Question 1", exact: true }).scrollIntoViewIfNeeded();
    const path = await saveScreenshot(page, "scoped-conversation");
    console.log(`[e2e] scoped conversation screenshot: ${path}`);
  });

  it("shows a stored conversation's scope in the list and as its chip when reopened", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "New chat" }).click();
    expect(await page.getByTestId("scope-chip").count()).toBe(0);
    const item = page.getByRole("button", { name: /How often should the filter/ });
    expect(await item.getByTestId("conversation-scope").textContent()).toContain(COMPRESSOR);
    await item.click();
    await expect.poll(() => page.getByRole("article").count()).toBe(2);
    expect(await page.getByRole("button", { name: `Remove scope: ${COMPRESSOR}` }).count()).toBe(1);
  });

  it("asks the next question about the whole collection once the chip is removed, and stores that", async () => {
    const { page } = app;
    await page.getByRole("button", { name: `Remove scope: ${COMPRESSOR}` }).focus();
    await page.keyboard.press("Enter");
    expect(await page.getByTestId("scope-chip").count()).toBe(0);
    expect(await page.getByTestId("scope-status").textContent()).toContain(
      "The next question searches the whole collection",
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("question");
    await saveScreenshot(page, "scope-chip-removed");

    await ask(FILTER_QUESTION);
    const sources = await sourcesOfTurn(3);
    expect(sources.some((s) => s.includes(PUMP))).toBe(true);
    const turn = page.getByRole("article", { name: "Question 3", exact: true });
    expect(await turn.getByTestId("scope-change").textContent()).toContain("whole collection");
    expect(await page.getByTestId("scope-bar").count()).toBe(0);
    const stored = await storedConversation();
    expect(stored.history).toHaveLength(3);
    expect(stored.documents).toEqual([]);
  });

  it("'Ask this document' in the viewer starts a new conversation about the viewed document", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "Library" }).click();
    await page.getByRole("button", { name: PUMP, exact: true }).click();
    await page.getByTestId("viewer").waitFor();
    await page.getByTestId("viewer-ask-document").click();
    expect(await page.getByRole("button", { name: `Remove scope: ${PUMP}` }).count()).toBe(1);
    expect(await page.getByRole("article").count()).toBe(0);
    await ask(FILTER_QUESTION);
    const sources = await sourcesOfTurn(1);
    for (const s of sources) expect(s).toContain(PUMP);
    const conversations = await engine.listConversations({ collection });
    expect(conversations.map((c) => c.documents)).toEqual(expect.arrayContaining([[ids.pump], []]));
  });
});
