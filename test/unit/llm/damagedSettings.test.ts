import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelCatalog } from "../../../electron/engine/llm/ModelCatalog";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "enclave-settings-"));
  await mkdir(join(root, "data", "settings"), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const damaged = {
  "cut short by a power loss": '{"added": ["/models/a.gg',
  "zeroed by the file system": "\0".repeat(64),
  "of the wrong shape": '{"added": "not a list", "selected": {}}',
};

describe("a damaged model settings file", () => {
  for (const [what, text] of Object.entries(damaged)) {
    it(`(${what}) is set aside and named, and the defaults are used`, async () => {
      const file = join(root, "data", "settings", "models.json");
      await writeFile(file, text);
      const catalog = await ModelCatalog.create({
        dataDir: join(root, "data"),
        bundledDir: join(root, "bundled"),
      });
      expect(catalog.state().selected).toEqual({ chat: null, embedding: null, reranker: null });
      expect(catalog.notices).toHaveLength(1);
      expect(catalog.notices[0]).toContain(file);
      expect(catalog.notices[0]).toMatch(/default settings are used/);

      const aside = (await readdir(join(root, "data", "settings"))).filter((n) =>
        n.startsWith("models.json.corrupt-"),
      );
      expect(aside).toHaveLength(1);
      expect(catalog.notices[0]).toContain(aside[0]);
      expect(await readFile(join(root, "data", "settings", aside[0]!), "utf8")).toBe(text);
    });
  }

  it("a sound file gives no notice", async () => {
    await writeFile(
      join(root, "data", "settings", "models.json"),
      JSON.stringify({ added: [], selected: { chat: null } }),
    );
    const catalog = await ModelCatalog.create({
      dataDir: join(root, "data"),
      bundledDir: join(root, "bundled"),
    });
    expect(catalog.notices).toEqual([]);
  });
});
