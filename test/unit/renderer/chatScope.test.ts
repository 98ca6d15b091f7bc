import { describe, expect, it } from "vitest";
import { ChatStore } from "../../../renderer/src/stores/ChatStore";
import { MAX_SCOPE_DOCUMENTS } from "../../../renderer/src/stores/chatScope";
import { describeScope, scopeChips } from "../../../renderer/src/lib/scopeChips";
import type { MethodArgs, MethodResult } from "../../../shared/contract";
import type { Conversation } from "../../../shared/types";
import { answer, deferred, fakeApi } from "./fakeApi";

const pump = "a".repeat(64);
const radio = "b".repeat(64);

function setup(stored: Partial<Conversation> = {}) {
  const fake = fakeApi({
    listConversations: () => [],
    ask: (args: MethodArgs<"ask">) => ({
      conversationId: args.conversationId ?? "conv1",
      answer: answer(),
    }),
    getConversation: (args: MethodArgs<"getConversation">) => ({
      id: args.id,
      collection: "Manuals",
      title: "Filter",
      updatedAt: "2026-01-01T00:00:00Z",
      turns: 1,
      documents: [radio],
      history: [{ question: "Battery?", answer: answer(), askedAt: "2026-01-01T00:00:00Z" }],
      ...stored,
    }),
  });
  const store = new ChatStore(fake.api);
  const asks = () =>
    fake.calls.filter((c) => c.method === "ask").map((c) => c.args as MethodArgs<"ask">);
  return { fake, store, asks };
}

describe("questions about chosen documents", () => {
  it("'Ask this document' starts a new conversation about that document only", async () => {
    const { store, asks } = setup();
    await store.setCollection("Manuals");
    await store.ask("First question?");
    store.askAbout(pump);
    expect(store.get().turns).toEqual([]);
    expect(store.get().conversationId).toBeNull();
    expect(store.get().scope).toEqual([pump]);
    expect(store.get().focusComposer).toBe(true);
    await store.ask("How often is the filter replaced?");
    expect(asks()[1]).toMatchObject({ conversationId: null, documents: [pump] });
  });

  it("asks follow-ups without documents, so the conversation keeps its stored scope", async () => {
    const { store, asks } = setup();
    await store.setCollection("Manuals");
    store.askAbout(pump);
    await store.ask("How often is the filter replaced?");
    await store.ask("And the oil?");
    expect(asks()[1]).toMatchObject({ conversationId: "conv1", question: "And the oil?" });
    expect(asks()[1]).not.toHaveProperty("documents");
    expect(store.get().scope).toEqual([pump]);
    expect(store.get().turns[1]?.scopeChange).toBeNull();
  });

  it("asks about the whole collection once the last chip is removed, and says so on that question", async () => {
    const { store, asks } = setup();
    await store.setCollection("Manuals");
    store.askAbout(pump);
    await store.ask("Filter?");
    store.unpin(pump);
    expect(store.scopeEdited()).toBe(true);
    await store.ask("Filter, anywhere?");
    expect(asks()[1]).toMatchObject({ conversationId: "conv1", documents: [] });
    expect(store.get().turns[1]?.scopeChange).toEqual([]);
    // The new scope is what the conversation stores now: the next follow-up sends none.
    expect(store.scopeEdited()).toBe(false);
    await store.ask("Again?");
    expect(asks()[2]).not.toHaveProperty("documents");
  });

  it("asks a new conversation without chips about the whole collection", async () => {
    const { store, asks } = setup();
    await store.setCollection("Manuals");
    store.askAbout(pump);
    store.unpin(pump);
    await store.ask("Filter?");
    expect(asks()[0]).not.toHaveProperty("documents");
    expect(store.get().turns[0]?.scopeChange).toBeNull();
  });

  it("shows a stored conversation's scope as its chips, and can put back removed chips", async () => {
    const { store, asks } = setup();
    await store.setCollection("Manuals");
    await store.openConversation("conv7");
    expect(store.get().scope).toEqual([radio]);
    store.pin(pump);
    expect(store.get().scope).toEqual([radio, pump]);
    store.restoreScope();
    expect(store.scopeEdited()).toBe(false);
    await store.ask("Battery life?");
    expect(asks()[0]).toMatchObject({ conversationId: "conv7" });
    expect(asks()[0]).not.toHaveProperty("documents");
  });

  it("sends a document added from the library with the next follow-up", async () => {
    const { store, asks } = setup();
    await store.setCollection("Manuals");
    await store.openConversation("conv7");
    store.pin(pump);
    store.pin(pump);
    await store.ask("Both?");
    expect(asks()[0]?.documents).toEqual([radio, pump]);
    expect(store.get().turns.at(-1)?.scopeChange).toEqual([radio, pump]);
  });

  it("refuses a chip beyond the contract's limit and says what to do", async () => {
    const { store } = setup();
    await store.setCollection("Manuals");
    for (let i = 0; i < MAX_SCOPE_DOCUMENTS + 1; i++) store.pin(i.toString(16).padStart(64, "0"));
    expect(store.get().scope).toHaveLength(MAX_SCOPE_DOCUMENTS);
    expect(store.get().error).toMatch(/at most 50 documents: remove/);
  });

  it("clears the chips on New chat and when the collection changes", async () => {
    const { store } = setup();
    await store.setCollection("Manuals");
    store.askAbout(pump);
    store.newChat();
    expect(store.get().scope).toEqual([]);
    store.askAbout(pump);
    await store.setCollection("Cases");
    expect(store.get().scope).toEqual([]);
  });

  it("does not adopt an answer's conversation after New chat was pressed while it streamed", async () => {
    const pending = deferred<MethodResult<"ask">>();
    const fake = fakeApi({ listConversations: () => [], ask: () => pending.promise });
    const store = new ChatStore(fake.api);
    await store.setCollection("Manuals");
    store.askAbout(pump);
    const asking = store.ask("Filter?");
    store.newChat();
    pending.resolve({ conversationId: "conv1", answer: answer() });
    await asking;
    expect(store.get().conversationId).toBeNull();
    expect(store.get().storedScope).toBeNull();
  });
});

describe("scope chips", () => {
  const docs = [
    { id: pump, title: "HX-200 Pump Manual", file: "hx200.pdf" },
    { id: radio, title: "", file: "tr7-radio.pdf" },
  ];

  it("names each document by its title, else its file, and marks removed ones", () => {
    const chips = scopeChips([pump, radio, "c".repeat(64)], docs);
    expect(chips.map((c) => c.name)).toEqual([
      "HX-200 Pump Manual",
      "tr7-radio.pdf",
      "Removed document",
    ]);
    expect(chips.map((c) => c.missing)).toEqual([false, false, true]);
  });

  it("describes the scope in a sentence", () => {
    expect(describeScope([])).toBe("the whole collection");
    expect(describeScope(scopeChips([pump], docs))).toBe("“HX-200 Pump Manual”");
    expect(describeScope(scopeChips([pump, radio], docs))).toBe(
      "“HX-200 Pump Manual” and “tr7-radio.pdf”",
    );
    const many = scopeChips([pump, radio, "c".repeat(64), "d".repeat(64)], docs);
    expect(describeScope(many)).toBe("“HX-200 Pump Manual”, “tr7-radio.pdf” and 2 more documents");
  });
});
