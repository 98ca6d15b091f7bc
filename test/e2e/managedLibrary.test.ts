/**
 * A library pack in the window: IT's pack, mounted from ManagedLibrariesDirectory, shows in the
 * library as "Managed by your organisation", read-only (no import, rename, delete or remove),
 * and its passages are found and cited like the user's own. Screenshot:
 * artifacts/screenshots/managed-library.png (the path is printed).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../electron/engine/Engine";
import { buildPack } from "../../electron/engine/packs/buildPack";
import { resolvePolicy } from "../../shared/policy";
import { makePumpManual } from "../fixtures/documents/pumpManual";
import { closeE2e, launchBuiltApp, makeE2eDir, saveScreenshot } from "./harness/e2eSession";
import { FakeDialog, type AppHarness } from "./harness/launchApp";

let dir = "";
let engine: Engine;
let app: AppHarness;

beforeAll(async () => {
  dir = await makeE2eDir("enclave-e2e-managed-");
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
  ({ engine, app } = await launchBuiltApp(
    dir,
    async () => {
      const opened = await Engine.create({
        dataDir: join(dir, "data"),
        policy: resolvePolicy({ ManagedLibrariesDirectory: join(dir, "managed") }, "policy-file"),
      });
      await opened.createCollection({ name: "My notes" });
      return opened;
    },
    new FakeDialog(),
  ));
});

afterAll(() => closeE2e(app, engine, dir));

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
    console.log(`[e2e] screenshot: ${await saveScreenshot(page, "managed-library")}`);
    expect(app.foreignRequests()).toEqual([]);
  });
});
