import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forkModelHost } from "../../../electron/engine/forkModelHost";
import {
  createModelServices,
  type ModelServices,
} from "../../../electron/engine/llm/createModelServices";
import { ModelNotFoundError, ModelRoleMismatchError } from "../../../electron/engine/llm/errors";
import { makeTinyLlama } from "../../fixtures/gguf/writeGguf";

describe.each(["in process", "model host"] as const)("%s", (mode) => {
  let root = "";
  let services: ModelServices;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "enclave-services-"));
    const bundledDir = join(root, "resources", "models");
    await mkdir(bundledDir, { recursive: true });
    await makeTinyLlama(join(bundledDir, "chat.gguf"), { role: "chat" });
    await makeTinyLlama(join(bundledDir, "embed.gguf"), { role: "embedding", seed: 2 });
    await makeTinyLlama(join(bundledDir, "rerank.gguf"), { role: "reranker", seed: 3 });
    services = await createModelServices({
      dataDir: join(root, "data"),
      bundledDir,
      policy: { gpu: false },
      runtime: { idleUnloadMs: 0 },
      host: mode === "model host" ? forkModelHost() : null,
    });
  });

  afterAll(async () => {
    await services?.dispose();
    if (root) await rm(root, { recursive: true, force: true });
  });

  describe(`model services (${mode})`, () => {
    it("reports no backend until a model is used, then the CPU", async () => {
      expect(services.state().gpu).toBeNull();
      const embedder = await services.getEmbedder();
      expect(embedder).not.toBeNull();
      await embedder!.embed(["the pump"]);
      expect(services.state().gpu).toBe("cpu");
    });

    it("serves the selected model of each role, the same instance until the selection changes", async () => {
      const state = services.state();
      const generator = await services.getGenerator();
      const embedder = await services.getEmbedder();
      const reranker = await services.getReranker();
      expect(generator?.modelName).toBe("chat.gguf");
      expect(embedder?.modelId).toBe(state.selected.embedding);
      expect(reranker?.modelId).toBe(state.selected.reranker);
      expect(await services.getEmbedder()).toBe(embedder);
      expect((await reranker!.rank("pump", ["the pump", "a valve"])).length).toBe(2);
      const answer = await generator!.generate([{ role: "user", content: "check the pump" }], {
        maxTokens: 4,
      });
      expect(answer.aborted).toBe(false);
    });

    it("returns null for a role whose model the user switched off", async () => {
      await services.catalog.select("reranker", null);
      expect(await services.getReranker()).toBeNull();
      await services.catalog.select(
        "reranker",
        services.catalog.list().find((m) => m.role === "reranker")!.id,
      );
      expect(await services.getReranker()).not.toBeNull();
    });

    it("serves another chat model for one call without changing the selection, then the selected one again", async () => {
      const selected = services.catalog.list().find((m) => m.file === "chat.gguf")!;
      await services.catalog.select("chat", selected.id);
      const other = join(root, "other-chat.gguf");
      await makeTinyLlama(other, { role: "chat", seed: 4 });
      const otherId = (await services.catalog.add(other, { copy: false })).models.find(
        (m) => m.path === other,
      )!.id;
      expect((await services.getGenerator(otherId))?.modelName).toBe("other-chat.gguf");
      expect(services.state().selected.chat).toBe(selected.id);
      expect((await services.getGenerator())?.modelName).toBe("chat.gguf");
    });

    it("refuses, for one call, a model of another role or one not in the catalog", async () => {
      const embedding = services.catalog.list().find((m) => m.role === "embedding")!;
      await expect(services.getGenerator(embedding.id)).rejects.toBeInstanceOf(
        ModelRoleMismatchError,
      );
      await expect(services.getGenerator("0".repeat(16))).rejects.toBeInstanceOf(
        ModelNotFoundError,
      );
    });
  });
});
