/**
 * A scanned (image-only) PDF in the built renderer over the real engine: imported with OCR, its
 * passage cited in an answer, and the citation opened in the viewer with highlight boxes over the
 * cited words on the page image. The boxes are compared with where the test drew those words.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCanvas } from "@napi-rs/canvas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineApi } from "../../electron/engine/EngineApi";
import {
  makeScanImage,
  makeScanPdf,
  SCAN_IMAGE,
  SCAN_PDF_PAGE,
} from "../fixtures/documents/makeScan";
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

/** Each word once per page, so a highlighted word names the one place it was drawn. */
const scanned = [
  ["Statement of Officer Dana Reyes", "Case 4471 recorded on March twelfth"],
  [
    "Chain of custody",
    "The brass lantern was sealed in bag nineteen",
    "and stored inside evidence locker seven",
    "by Sergeant Okafor after midnight.",
  ],
];

interface Drawn {
  word: string;
  /** Fractions of the page: left and right of the word's ink advance, and its baseline. */
  left: number;
  right: number;
  baseline: number;
}

/** A photo of a receipt, imported as an image. */
const photographed = [
  "Property receipt",
  "Walnut cabinet taken from the garage",
  "Signed by Constable Imre Novak",
];

type Geometry = typeof SCAN_PDF_PAGE | typeof SCAN_IMAGE;

/** Where makeScanImage drew each word of a page, as fractions of the page (measured, same font). */
function drawnWords(lines: string[], geometry: Geometry): Drawn[] {
  const { width, height, fontPx, left, top, lineStep } = geometry;
  const ctx = createCanvas(10, 10).getContext("2d");
  ctx.font = `${fontPx}px DejaVu Sans, Liberation Sans, Arial, sans-serif`;
  return lines.flatMap((line, i) => {
    let at = 0;
    return line.split(" ").map((word) => {
      const start = line.indexOf(word, at);
      at = start + word.length;
      const x0 = left + ctx.measureText(line.slice(0, start)).width;
      const x1 = x0 + ctx.measureText(word).width;
      return {
        word,
        left: x0 / width,
        right: x1 / width,
        baseline: (top + i * lineStep) / height,
      };
    });
  });
}

/**
 * Checks each highlight box on the page the viewer shows against where that word was printed, and
 * returns the highlighted words.
 */
async function checkHighlightOnShownPage(
  testId: "pdf-page" | "image-page" = "pdf-page",
): Promise<string[]> {
  const { page } = app;
  const pdfPage = page.getByTestId(testId);
  const shown = Number(await pdfPage.getAttribute("data-page"));
  const drawn =
    testId === "pdf-page"
      ? drawnWords(scanned[shown - 1] ?? [], SCAN_PDF_PAGE)
      : drawnWords(photographed, SCAN_IMAGE);
  if (testId === "pdf-page") expect(await pdfPage.getAttribute("data-ocr")).toBe("true");
  const size = await pdfPage.evaluate((el) => ({ w: el.clientWidth, h: el.clientHeight }));
  const boxes = await page.getByTestId("highlight-box").evaluateAll((els) =>
    els.map((e) => {
      const s = (e as HTMLElement).style;
      return {
        text: e.getAttribute("data-text") ?? "",
        left: parseFloat(s.left),
        top: parseFloat(s.top),
        width: parseFloat(s.width),
        height: parseFloat(s.height),
      };
    }),
  );
  let placed = 0;
  for (const b of boxes) {
    const at = drawn.find((d) => d.word === b.text);
    // A word OCR misread has no drawn twin to compare with; most must have one.
    if (at === undefined) continue;
    placed += 1;
    const left = b.left / size.w;
    const right = (b.left + b.width) / size.w;
    const top = b.top / size.h;
    const bottom = (b.top + b.height) / size.h;
    // Within 1% of the page's width (about 6 CSS pixels here) of where the word was printed.
    expect(Math.abs(left - at.left), `left of "${b.text}"`).toBeLessThan(0.01);
    expect(Math.abs(right - at.right), `right of "${b.text}"`).toBeLessThan(0.01);
    // The box spans the word's baseline: from above it to at most a descender below it.
    expect(top, `top of "${b.text}"`).toBeLessThan(at.baseline);
    expect(bottom, `bottom of "${b.text}"`).toBeGreaterThan(at.baseline - 0.004);
    expect(bottom - at.baseline, `bottom of "${b.text}"`).toBeLessThan(0.012);
  }
  expect(placed).toBeGreaterThanOrEqual(Math.ceil(boxes.length * 0.8));
  expect(placed).toBeGreaterThan(2);
  return boxes.map((b) => b.text);
}

let dir = "";
let engine: EngineApi;
let app: AppHarness;
const dialog = new FakeDialog();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "enclave-e2e-ocr-"));
  await mkdir(screenshots, { recursive: true });
  const file = join(dir, "custody-scan.pdf");
  await writeFile(file, await makeScanPdf(scanned.map((lines) => ({ lines }))));
  const photo = join(dir, "receipt-photo.png");
  await writeFile(photo, makeScanImage(photographed));
  dialog.imports.push([file, photo]);
  const distDir = join(dir, "dist");
  const [, bridgeScript] = await Promise.all([buildRenderer(distDir), buildBridgeScript()]);
  engine = await openEngine(join(dir, "data"));
  app = await launchApp({ distDir, bridgeScript, engine, dialog });
  await app.page.getByTestId("collection-select").waitFor();
});

afterAll(async () => {
  await app?.close();
  await engine?.close();
  if (dir !== "") await rm(dir, { recursive: true, force: true });
});

describe("a scanned PDF in the viewer", () => {
  it("imports an image-only PDF and a photo of a page, reading them with OCR", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "Library" }).click();
    await page.getByRole("button", { name: "Import files…" }).click();
    await expect
      .poll(() => page.getByTestId("import-panel").textContent(), { timeout: 120_000 })
      .toMatch(/Import finished/);
    await expect.poll(() => page.getByTestId("document-row").count()).toBe(2);
  });

  it("highlights the cited words on the page image, where they were printed", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "Ask", exact: true }).first().click();
    await page.locator("#question").fill("Which evidence locker was the brass lantern stored in?");
    await page.locator("#question").press("Enter");
    await page.getByTestId("source-item").first().waitFor({ timeout: 60_000 });
    // The source says it was read with OCR, and how confidently (clean print: well over 80%).
    const label = await page
      .getByTestId("source-item")
      .first()
      .getByTestId("ocr-label")
      .textContent();
    expect(Number(/^OCR, (\d+)%$/.exec(label ?? "")?.[1])).toBeGreaterThan(80);
    expect(await page.getByTestId("citation-chip").first().getAttribute("aria-label")).toMatch(
      /custody-scan, pp\. 1.2, OCR, \d+%$/,
    );
    await page.getByTestId("citation-chip").first().click();
    await page.getByTestId("highlight-box").first().waitFor({ timeout: 30_000 });
    // The two short pages make one passage: it starts on page 1 and ends on page 2.
    expect(await page.getByTestId("viewer-page").inputValue()).toBe("1");
    const first = await checkHighlightOnShownPage();
    expect(first.join(" ")).toMatch(/Officer Dana Reyes/);

    await page.getByRole("button", { name: "Next page" }).click();
    await expect.poll(() => page.getByTestId("pdf-page").getAttribute("data-page")).toBe("2");
    await expect
      .poll(async () =>
        (
          await page
            .getByTestId("highlight-box")
            .evaluateAll((els) => els.map((e) => e.getAttribute("data-text")))
        ).join(" "),
      )
      .toMatch(/locker seven/);
    const second = await checkHighlightOnShownPage();
    expect(second.join(" ")).toMatch(/evidence locker seven/);

    const path = join(screenshots, "viewer-ocr-highlight.png");
    await page.screenshot({ path });
    console.log(`[e2e] OCR highlight screenshot: ${path}`);
  });

  it("marks search results from the scan with their OCR confidence", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "Close viewer" }).click();
    await page.keyboard.press("Control+k");
    await page.locator("#search-input").fill("Sergeant Okafor midnight");
    const hit = page.getByTestId("search-result").first();
    await hit.waitFor({ timeout: 30_000 });
    expect(await hit.getByTestId("ocr-label").textContent()).toMatch(/^OCR, \d+%$/);
    expect(await hit.getByTestId("ocr-label").getAttribute("data-low-confidence")).toBeNull();
    const path = join(screenshots, "search-ocr-label.png");
    await page.screenshot({ path });
    console.log(`[e2e] OCR search label screenshot: ${path}`);
    await page.keyboard.press("Escape");
    await page.locator("#search-input").waitFor({ state: "hidden", timeout: 5_000 });
  });

  it("shows a photo with the words of a search hit highlighted where they were printed", async () => {
    const { page } = app;
    // Ctrl+K only opens (never toggles), so pressing it again is safe: a clean-clone CI run once
    // saw the first press after the last test's Esc change nothing for 5 s (not seen locally).
    const input = page.locator("#search-input");
    await expect
      .poll(
        async () => {
          if (!(await input.isVisible())) await page.keyboard.press("Control+k");
          return input.isVisible();
        },
        { timeout: 15_000, interval: 1000 },
      )
      .toBe(true);
    await input.fill("Constable Imre Novak");
    // The dialog may still list the last search's results until this one's arrive.
    await expect
      .poll(() => page.getByTestId("search-result").first().textContent(), { timeout: 30_000 })
      .toContain("receipt-photo");
    await page.locator("#search-input").press("Enter");
    await page.getByTestId("image-page").waitFor({ timeout: 30_000 });
    await page.getByTestId("highlight-box").first().waitFor({ timeout: 30_000 });
    const words = await checkHighlightOnShownPage("image-page");
    expect(words.join(" ")).toMatch(/Constable Imre Novak/);
    const path = join(screenshots, "viewer-ocr-photo.png");
    await page.screenshot({ path });
    console.log(`[e2e] OCR photo highlight screenshot: ${path}`);
    await page.getByRole("button", { name: "Close viewer" }).click();
  });

  it("lists the OCR languages in the models panel, English built in and in use", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "Models" }).click();
    const eng = page.getByTestId("ocr-language").filter({ hasText: "eng" });
    await eng.waitFor({ timeout: 30_000 });
    expect(await eng.textContent()).toMatch(/eng \(built in\)in use/);
    expect(await eng.getAttribute("data-in-use")).toBe("true");
  });

  it("made no request off the app origin", () => {
    expect(app.foreignRequests()).toEqual([]);
  });
});
