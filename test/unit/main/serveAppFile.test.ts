import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCsp } from "../../../electron/main/lockdown";
import { serveAppFile } from "../../../electron/main/serveAppFile";

let base: string;
let root: string;
const csp = buildCsp();

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), "enclave-serve-"));
  root = path.join(base, "renderer");
  await mkdir(path.join(root, "assets"), { recursive: true });
  await writeFile(path.join(root, "index.html"), "<!doctype html><title>Enclave</title>");
  await writeFile(path.join(root, "assets", "app.js"), "console.log(1)");
  await writeFile(path.join(root, "assets", "decoder.wasm"), new Uint8Array([0, 97, 115, 109]));
  await writeFile(path.join(base, "secret.txt"), "outside the renderer");
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe("app:// responses", () => {
  it("serve the page with its type, the CSP and nosniff", async () => {
    const response = await serveAppFile("app://enclave/", root, csp);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toBe(csp);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toContain("<title>Enclave</title>");
  });

  it("serve scripts and WebAssembly with the types browsers require", async () => {
    expect(
      (await serveAppFile("app://enclave/assets/app.js", root, csp)).headers.get("content-type"),
    ).toMatch(/^text\/javascript/);
    expect(
      (await serveAppFile("app://enclave/assets/decoder.wasm", root, csp)).headers.get(
        "content-type",
      ),
    ).toBe("application/wasm");
  });

  it("answer 404 for missing files, folders and anything outside the renderer folder", async () => {
    for (const url of [
      "app://enclave/missing.js",
      "app://enclave/assets",
      "app://enclave/..%2fsecret.txt",
      "app://enclave/%2e%2e/secret.txt",
      "file:///etc/passwd",
    ]) {
      const response = await serveAppFile(url, root, csp);
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain("outside the renderer");
    }
  });
});
