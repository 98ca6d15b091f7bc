import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPackage } from "@electron/asar";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { narrowSbom, noticesText, shippedPackages } from "../../../resources/build/legalFiles.mjs";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "enclave-legal-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(join(file, ".."), { recursive: true });
  await writeFile(file, JSON.stringify(value));
}

describe("the installer's legal files", () => {
  it("list every package inside the app archive, nested copies included, with its licence text", async () => {
    const app = join(dir, "app");
    await writeJson(join(app, "package.json"), { name: "enclave", version: "1.0.0" });
    await writeJson(join(app, "node_modules", "zod", "package.json"), {
      name: "zod",
      version: "4.0.0",
      license: "MIT",
    });
    await writeFile(join(app, "node_modules", "zod", "LICENSE"), "MIT License\nCopyright zod");
    await writeJson(join(app, "node_modules", "@lancedb", "lancedb", "package.json"), {
      name: "@lancedb/lancedb",
      version: "0.31.0",
      license: { type: "Apache-2.0" },
    });
    await writeJson(join(app, "node_modules", "zod", "node_modules", "tiny", "package.json"), {
      name: "tiny",
      version: "1.0.0",
    });
    // A package.json that only marks a folder as ESM is not a package.
    await writeJson(join(app, "node_modules", "zod", "dist", "esm", "package.json"), {
      type: "module",
    });
    await createPackage(app, join(dir, "app.asar"));

    const shipped = shippedPackages(join(dir, "app.asar"));
    expect(shipped.map((p) => `${p.name}@${p.version} ${p.license}`)).toEqual([
      "@lancedb/lancedb@0.31.0 Apache-2.0",
      "tiny@1.0.0 UNKNOWN",
      "zod@4.0.0 MIT",
    ]);
    const notices = noticesText(shipped, "Enclave");
    expect(notices).toContain("zod 4.0.0 — MIT");
    expect(notices).toContain("Copyright zod");
    expect(notices).toContain("(No licence file in the package; licence: UNKNOWN.)");
  });

  it("narrow the SBOM to what ships and add the llama.cpp build a native package carries", () => {
    const bom = {
      bomFormat: "CycloneDX",
      metadata: { component: { "bom-ref": "root" } },
      components: [
        { "bom-ref": "a", name: "linux-x64", group: "@node-llama-cpp", version: "3.21.1" },
        { "bom-ref": "b", name: "openai", version: "5.0.0" },
      ],
      dependencies: [
        { ref: "root", dependsOn: ["a", "b"] },
        { ref: "a", dependsOn: [] },
        { ref: "b", dependsOn: [] },
      ],
    };
    const shipped = [
      {
        name: "@node-llama-cpp/linux-x64",
        version: "3.21.1",
        buildMetadata: {
          buildOptions: {
            platform: "linux",
            arch: "x64",
            gpu: false,
            llamaCpp: { repo: "ggml-org/llama.cpp", release: "b6000" },
          },
        },
      },
    ];
    const narrowed = narrowSbom(bom, shipped);
    expect(narrowed.components.map((c: { name: string }) => c.name)).toEqual([
      "linux-x64",
      "llama.cpp",
    ]);
    expect(narrowed.dependencies).toEqual([
      { ref: "root", dependsOn: ["a"] },
      { ref: "a", dependsOn: ["llama.cpp@b6000#@node-llama-cpp/linux-x64"] },
    ]);
  });
});
