import { describe, expect, it } from "vitest";
import { ChatStore } from "../../../renderer/src/stores/ChatStore";
import type { MethodArgs, MethodResult } from "../../../shared/contract";
import { answer, deferred, fakeApi } from "./fakeApi";

function setup() {
  const pending = deferred<MethodResult<"ask">>();
  const fake = fakeApi({
    listConversations: () => [],
    ask: () => pending.promise,
    abortAsk: () => undefined,
  });
  const store = new ChatStore(fake.api);
  return { fake, store, pending };
}

describe("chat", () => {
  it("shows answer tokens as they stream in, then the final answer with its citations", async () => {
    const { fake, store, pending } = setup();
    await store.setCollection("Cases");
    const asking = store.ask("How often is the filter replaced?");
    const requestId = store.get().activeRequestId as string;
    fake.emit("answerToken", { requestId, text: "Replace the filter " });
    fake.emit("answerToken", { requestId, text: "every 200 hours [1]." });
    expect(store.get().turns[0]?.streamed).toBe("Replace the filter every 200 hours [1].");
    expect(store.get().turns[0]?.status).toBe("streaming");

    pending.resolve({ conversationId: "conv1", answer: answer() });
    await asking;
    const turn = store.get().turns[0];
    expect(turn?.status).toBe("done");
    expect(turn?.answer?.citations[0]?.page).toBe(3);
    expect(store.get().conversationId).toBe("conv1");
    expect(store.get().activeRequestId).toBeNull();
  });

  it("ignores tokens that belong to another request", async () => {
    const { fake, store } = setup();
    await store.setCollection("Cases");
    void store.ask("Question?");
    fake.emit("answerToken", { requestId: "someone-else", text: "noise" });
    expect(store.get().turns[0]?.streamed).toBe("");
  });

  it("asks in the conversation that is open and in the current collection", async () => {
    const { fake, store, pending } = setup();
    await store.setCollection("Case 42");
    pending.resolve({ conversationId: "conv9", answer: answer() });
    await store.ask("First?");
    const second = store.ask("Follow-up?");
    await second;
    const asks = fake.calls
      .filter((c) => c.method === "ask")
      .map((c) => c.args as MethodArgs<"ask">);
    expect(asks[0]).toMatchObject({
      collection: "Case 42",
      conversationId: null,
      question: "First?",
    });
    expect(asks[1]).toMatchObject({
      collection: "Case 42",
      conversationId: "conv9",
      question: "Follow-up?",
    });
  });

  it("stops a streaming answer through abortAsk and keeps what was streamed", async () => {
    const { fake, store, pending } = setup();
    await store.setCollection("Cases");
    const asking = store.ask("Question?");
    const requestId = store.get().activeRequestId as string;
    fake.emit("answerToken", { requestId, text: "Partial" });
    await store.stop();
    expect(fake.calls.find((c) => c.method === "abortAsk")?.args).toEqual({ requestId });
    pending.resolve({ conversationId: "c", answer: answer({ answer: "Partial" }) });
    await asking;
    expect(store.get().turns[0]?.status).toBe("stopped");
    expect(store.get().turns[0]?.streamed).toBe("Partial");
  });

  it("regenerates the last answer in place instead of adding a turn", async () => {
    const { store, pending } = setup();
    await store.setCollection("Cases");
    pending.resolve({ conversationId: "c", answer: answer() });
    await store.ask("Question?");
    await store.regenerate();
    expect(store.get().turns).toHaveLength(1);
    expect(store.get().turns[0]?.question).toBe("Question?");
  });

  it("shows the app's message, without its code, when asking fails", async () => {
    const { store, pending } = setup();
    await store.setCollection("Cases");
    pending.reject(new Error("[NO_DOCUMENTS] Import documents into this collection first."));
    await store.ask("Question?");
    expect(store.get().turns[0]?.status).toBe("error");
    expect(store.get().turns[0]?.error).toBe("Import documents into this collection first.");
  });

  it("starts empty when the collection changes, with that collection's conversations", async () => {
    const fake = fakeApi({
      listConversations: (args: MethodArgs<"listConversations">) => [
        {
          id: `${args.collection}-1`,
          collection: args.collection,
          title: "t",
          updatedAt: "2026-01-01T00:00:00Z",
          turns: 1,
        },
      ],
    });
    const store = new ChatStore(fake.api);
    await store.setCollection("A");
    await store.setCollection("B");
    expect(store.get().conversations.map((c) => c.id)).toEqual(["B-1"]);
    expect(store.get().turns).toEqual([]);
  });
});
