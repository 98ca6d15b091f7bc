/**
 * A library pack in the window: IT's pack, mounted from ManagedLibrariesDirectory, shows in the
 * library as "Managed by your organisation", read-only (no import, rename, delete or remove),
 * and its passages are found and cited like the user's own. Screenshot:
 * artifacts/screenshots/managed-library.png (the path is printed).
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../electron/engine/Engine";
import { buildPack } from "../../electron/engine/packs/buildPack";
import { resolvePolicy } from "../../shared/policy";
import { makePumpManual } from "../fixtures/documents/pumpManual";
import { buildBridgeScript, buildRenderer } from "./harness/buildBundles";
import { FakeDialog, launchApp, type AppHarness } from "./harness/launchApp";

const screenshots = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "artifacts",
  "screenshots",
);

let dir = "";
let engine: Engine;
let app: AppHarness;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "enclave-e2e-managed-"));
  await mkdir(screenshots, { recursive: true });
  const pdf = join(dir, "pump.pdf");
  await writeFile(pdf, await makePumpManual());
  // IT's build server: a library with the manuals, packed.
  const server = await Engine.create({ dataDir: join(dir, "server") });
  await server.createCollection({ name: "Plant manuals" });
  await server.importPaths({ collection: "Plant manuals", requestId: "s", paths: [pdf] });
  await server.close();
  await buildPack({
    libraryDir: join(dir, "server", "library"),
    collection: "Plant manuals",
    out: join(dir, "managed", "plant-manuals-3"),
    createdBy: "it@build-server",
    version: 3,
  });
  const distDir = join(dir, "dist");
  const [, bridgeScript] = await Promise.all([buildRenderer(distDir), buildBridgeScript()]);
  engine = await Engine.create({
    dataDir: join(dir, "data"),
    policy: resolvePolicy({ ManagedLibrariesDirectory: join(dir, "managed") }, "policy-file"),
  });
  await engine.createCollection({ name: "My notes" });
  app = await launchApp({ distDir, bridgeScript, engine, dialog: new FakeDialog() });
  await app.page.getByTestId("collection-select").waitFor();
});

afterAll(async () => {
  await app?.close();
  await engine?.close();
  if (dir !== "") await rm(dir, { recursive: true, force: true });
});

describe("a managed library in the window", () => {
  it("is marked Managed by your organisation, lists its documents, and offers no change", async () => {
    const { page } = app;
    await page.getByRole("button", { name: "Library", exact: true }).click();
    await page.getByTestId("collection-select").selectOption("Plant manuals");
    const bar = page.locator(".collections-bar");
    await expect
      .poll(() => bar.textContent(), { timeout: 30_000 })
      .toContain("Managed by your organisation");
    await page.getByText("HX-200 Pump Manual").first().waitFor({ timeout: 30_000 });
    expect(await page.getByRole("button", { name: "Import files…" }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Delete collection" }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: /^Remove / }).isVisible()).toBe(false);
    const path = join(screenshots, "managed-library.png");
    await page.screenshot({ path });
    console.log(`[e2e] screenshot: ${path}`);
    expect(app.foreignRequests()).toEqual([]);
  });
});
