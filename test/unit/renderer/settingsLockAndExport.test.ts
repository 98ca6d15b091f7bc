import { describe, expect, it } from "vitest";
import { ChatStore } from "../../../renderer/src/stores/ChatStore";
import { createStores } from "../../../renderer/src/stores/createStores";
import { SETTINGS_LOCKED_MESSAGE } from "../../../renderer/src/stores/ModelsStore";
import type { MethodResult } from "../../../shared/contract";
import type { AppInfo, ModelsState } from "../../../shared/types";
import { answer, deferred, fakeApi } from "./fakeApi";

const models: ModelsState = {
  models: [],
  selected: { chat: null, embedding: null, reranker: null },
  gpu: null,
  memoryEstimateBytes: 0,
  folders: [],
};

function info(overrides: Partial<AppInfo>): AppInfo {
  return {
    version: "0.1.0",
    dataDir: "/data",
    managedKeys: [],
    exportDisabled: false,
    settingsLocked: false,
    ...overrides,
  };
}

function started(appInfo: AppInfo) {
  const fake = fakeApi({
    getAppInfo: () => appInfo,
    listCollections: () => [],
    listModels: () => models,
    selectModel: () => models,
    addModelWithDialog: () => models,
  });
  const stores = createStores(fake.api);
  return { fake, stores };
}

describe("settings locked by policy (LockSettings)", () => {
  it("reaches the UI from AppInfo, and the models store then never asks main to change a model", async () => {
    const { fake, stores } = started(info({ managedKeys: ["LockSettings"], settingsLocked: true }));
    await stores.start();
    expect(stores.app.settingsLocked()).toBe(true);
    await stores.models.select("chat", "m1");
    await stores.models.add(true);
    const changes = fake.calls.filter(
      (c) => c.method === "selectModel" || c.method === "addModelWithDialog",
    );
    expect(changes).toEqual([]);
    expect(stores.models.get().error).toBe(SETTINGS_LOCKED_MESSAGE);
    stores.dispose();
  });

  it("leaves model choices to the user when settings are not locked", async () => {
    const { fake, stores } = started(info({}));
    await stores.start();
    expect(stores.app.settingsLocked()).toBe(false);
    await stores.models.select("chat", "m1");
    expect(fake.calls.filter((c) => c.method === "selectModel")).toEqual([
      { method: "selectModel", args: { role: "chat", modelId: "m1" } },
    ]);
    stores.dispose();
  });
});

describe("exporting a conversation", () => {
  async function withConversation(exportResult: () => unknown) {
    const fake = fakeApi({
      listConversations: () => [],
      ask: (): MethodResult<"ask"> => ({ conversationId: "conv1", answer: answer() }),
      exportConversationWithDialog: exportResult,
    });
    const store = new ChatStore(fake.api);
    await store.setCollection("Cases");
    await store.ask("How often is the filter replaced?");
    return { fake, store };
  }

  it("goes through main's save dialog in the chosen format, and says where it saved", async () => {
    const pending = deferred<MethodResult<"exportConversationWithDialog">>();
    const { fake, store } = await withConversation(() => pending.promise);
    const exporting = store.exportConversation("pdf");
    expect(store.get().exporting).toBe(true);
    pending.resolve({ saved: true, fileName: "Cases report.pdf" });
    await exporting;
    expect(fake.calls.filter((c) => c.method.startsWith("export"))).toEqual([
      { method: "exportConversationWithDialog", args: { id: "conv1", format: "pdf" } },
    ]);
    expect(store.get()).toMatchObject({
      exporting: false,
      exportNotice: "Saved Cases report.pdf.",
    });
  });

  it("says nothing when the dialog was cancelled, and shows a refusal as an error", async () => {
    const cancelled = await withConversation(() => ({ saved: false, fileName: null }));
    await cancelled.store.exportConversation("markdown");
    expect(cancelled.store.get()).toMatchObject({ exportNotice: "", error: "" });

    const refused = await withConversation(() => {
      throw new Error("[EXPORT_DISABLED] Exporting conversations is turned off.");
    });
    await refused.store.exportConversation("markdown");
    expect(refused.store.get().error).toContain("turned off");
  });

  it("exports nothing before there is a conversation", async () => {
    const fake = fakeApi({});
    const store = new ChatStore(fake.api);
    await store.exportConversation("pdf");
    expect(fake.calls).toEqual([]);
  });
});
