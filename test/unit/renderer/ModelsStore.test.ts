import { describe, expect, it } from "vitest";
import { ModelsStore } from "../../../renderer/src/stores/ModelsStore";
import { ViewerStore } from "../../../renderer/src/stores/ViewerStore";
import type { ModelsState } from "../../../shared/types";
import { citation, fakeApi } from "./fakeApi";

const empty: ModelsState = {
  models: [],
  selected: { chat: null, embedding: null, reranker: null },
  gpu: null,
  memoryEstimateBytes: 0,
  folders: [{ path: "/opt/enclave/models", source: "bundled" }],
};

describe("models", () => {
  it("follows catalog changes the app pushes, such as a model switch finishing", async () => {
    const fake = fakeApi({ listModels: () => empty });
    const store = new ModelsStore(fake.api);
    await store.load();
    fake.emit("modelsChanged", {
      ...empty,
      gpu: "cuda",
      selected: { ...empty.selected, chat: "m1" },
    });
    expect(store.get().models?.gpu).toBe("cuda");
    expect(store.get().models?.selected.chat).toBe("m1");
  });

  it("says when search fell back to full-text because the embedding model failed, until the next model change", async () => {
    const withModel: ModelsState = {
      ...empty,
      models: [
        {
          id: "e1",
          file: "bge-small.gguf",
          path: "/opt/enclave/models/bge-small.gguf",
          source: "bundled",
          role: "embedding",
          architecture: "bert",
          parameters: null,
          quantization: "Q8_0",
          sizeBytes: 1,
          contextLength: 512,
          embeddingLength: 384,
          hasChatTemplate: false,
          allowed: true,
          problem: "",
        },
      ],
      selected: { ...empty.selected, embedding: "e1" },
    };
    const fake = fakeApi({ listModels: () => withModel });
    const store = new ModelsStore(fake.api);
    await store.load();
    expect(store.get().searchNotice).toBe("");
    fake.emit("vectorSearchFailed", { modelId: "e1", message: "vectors table is being rebuilt" });
    expect(store.get().searchNotice).toMatch(/bge-small\.gguf failed.*full-text search only/);
    fake.emit("modelsChanged", withModel);
    expect(store.get().searchNotice).toBe("");
  });

  it("keeps the current choice and explains a refused selection", async () => {
    const fake = fakeApi({
      listModels: () => empty,
      selectModel: () => {
        throw new Error(
          "[MODEL_NOT_ALLOWED] Your organisation does not allow this model: ask IT to approve it.",
        );
      },
    });
    const store = new ModelsStore(fake.api);
    await store.load();
    await store.select("chat", "m9");
    expect(store.get().models?.selected.chat).toBeNull();
    expect(store.get().error).toBe(
      "Your organisation does not allow this model: ask IT to approve it.",
    );
    expect(store.get().busy).toBe(false);
  });
});

describe("source viewer", () => {
  it("opens a citation at the page where its passage starts and keeps paging within the document", () => {
    const viewer = new ViewerStore();
    viewer.open(citation(1, { page: 7, pageEnd: 8 }));
    expect(viewer.get().target?.page).toBe(7);
    expect(viewer.get().target?.passage).toMatchObject({
      page: 7,
      pageEnd: 8,
      span: "every 200 hours",
    });
    viewer.goTo(99, 10);
    expect(viewer.get().target?.page).toBe(10);
    viewer.goTo(0, 10);
    expect(viewer.get().target?.page).toBe(1);
  });
});
