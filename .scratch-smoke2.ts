import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { buildBridgeScript, buildRenderer } from "./test/e2e/harness/buildBundles";
import { FakeDialog, launchApp } from "./test/e2e/harness/launchApp";
import { makeManualPdf, pumpManual } from "./test/e2e/fixtures/makeManualPdf";
import type { EngineApi } from "./electron/engine/EngineApi";
import type { Passage } from "./shared/types";

const dir = await mkdtemp(join(tmpdir(), "smoke-"));
const dist = join(dir, "dist");
await buildRenderer(dist);
const bridge = await buildBridgeScript();
const pdfPath = await makeManualPdf(join(dir, "pump.pdf"), "HX-200 Pump Manual", pumpManual);
const bytes = await readFile(pdfPath);
const id = createHash("sha256").update(bytes).digest("hex");
const passage: Passage = { chunkId: "c1", documentId: id, file: "pump.pdf", path: pdfPath, title: "HX-200 Pump Manual", page: 3, pageEnd: 3, pageLabel: "iii", heading: "3 Pressure settings", text: "The relief valve is factory set to 180 bar. Never adjust the relief valve above 210 bar.", score: 1, charStart: 20, charEnd: 100 };
const listeners: Record<string, ((p: unknown) => void)[]> = {};
const docs = Array.from({ length: 3000 }, (_, i) => ({ id: id.slice(0, 60) + String(i).padStart(4, "0"), title: `Manual ${i}`, file: `manual-${i}.pdf`, path: `/x/manual-${i}.pdf`, format: "pdf", pages: 10 + i, chunks: 30 + i, bytes: 100000 + i * 999, collections: ["Plant A"], status: i === 2 ? "failed" : "ready", importedAt: "2026-01-01T00:00:00Z", language: "en" }));
const engine = {
  getAppInfo: async () => ({ version: "0.1.0", dataDir: "/home/u/.config/Enclave", managedKeys: ["models.allowedHashes", "exportDisabled"], exportDisabled: false }),
  listCollections: async () => [{ name: "Plant A", documentCount: 3000, createdAt: "2026-01-01T00:00:00Z" }, { name: "Case 2026-114", documentCount: 0, createdAt: "2026-01-01T00:00:00Z" }],
  listDocuments: async () => docs,
  listConversations: async () => [{ id: "c1", collection: "Plant A", title: "Filter interval", updatedAt: "2026-01-01T00:00:00Z", turns: 2 }],
  listModels: async () => ({ models: [
    { id: "m1", file: "qwen2.5-3b-instruct-q4_k_m.gguf", path: "/m/q.gguf", source: "user", role: "chat", architecture: "qwen2", parameters: 3.09e9, quantization: "Q4_K_M", sizeBytes: 1.9e9, contextLength: 32768, embeddingLength: 2048, hasChatTemplate: true, allowed: true, problem: "" },
    { id: "m2", file: "bge-small-en-v1.5-q8_0.gguf", path: "/m/b.gguf", source: "policy", role: "embedding", architecture: "bert", parameters: 33e6, quantization: "Q8_0", sizeBytes: 36e6, contextLength: 512, embeddingLength: 384, hasChatTemplate: false, allowed: true, problem: "" },
    { id: "m3", file: "random.gguf", path: "/m/r.gguf", source: "added", role: "chat", architecture: "llama", parameters: null, quantization: "F32", sizeBytes: 1.7e6, contextLength: 512, embeddingLength: 16, hasChatTemplate: false, allowed: false, problem: "Not in the allowed hashes set by your organisation." },
  ], selected: { chat: "m1", embedding: "m2", reranker: null }, gpu: "cpu", memoryEstimateBytes: 2.4e9, folders: [{ path: "/opt/Enclave/resources/models", source: "bundled" }, { path: "/home/u/.config/Enclave/models", source: "user" }] }),
  search: async () => [passage, { ...passage, chunkId: "c2", page: 2, pageEnd: 2, pageLabel: null, heading: "2 Maintenance schedule", text: "Check the oil level weekly; the relief valve must be closed." }],
  guardRefusals: () => [],
  getPageText: async ({ page }: { page: number }) => ({ documentId: id, page, pageCount: 3, pageLabel: null, text: "x", format: "pdf" }),
  getDocumentBytes: async () => new Uint8Array(bytes),
  on: (e: string, l: (p: unknown) => void) => { (listeners[e] ??= []).push(l); return () => {}; },
} as unknown as EngineApi;
const app = await launchApp({ distDir: dist, bridgeScript: bridge, engine, dialog: new FakeDialog() });
const { page } = app;
await page.getByRole("button", { name: "Library" }).click();
await page.getByTestId("document-row").first().waitFor();
console.log("rows rendered", await page.getByTestId("document-row").count());
await page.screenshot({ path: "/tmp/s-library.png" });
await page.getByRole("button", { name: "Manual 0", exact: true }).click();
await page.locator(".pdf-page canvas").waitFor();
await page.waitForTimeout(1500);
await page.screenshot({ path: "/tmp/s-lib-viewer.png" });
console.log("requests", app.requests);
await page.getByRole("button", { name: "Models" }).click();
await page.getByTestId("model-row").first().waitFor();
await page.screenshot({ path: "/tmp/s-models.png" });
await page.keyboard.press("Control+k");
await page.locator("#search-input").fill("relief valve");
await page.getByTestId("search-result").first().waitFor();
await page.screenshot({ path: "/tmp/s-search.png" });
await page.keyboard.press("Escape");
await page.getByRole("button", { name: "Privacy" }).click();
await page.getByTestId("blocked-requests").waitFor();
await page.emulateMedia({ colorScheme: "dark" });
await page.screenshot({ path: "/tmp/s-privacy-dark.png" });
await app.close();
