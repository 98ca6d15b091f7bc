import { mkdtempSync, readdirSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ConversationTurn } from "../../../shared/types";
import {
  ConversationNotFoundError,
  ConversationStore,
} from "../../../electron/engine/library/ConversationStore";
import { makeAnswer } from "../../fixtures/makeAnswer";

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "enclave-library-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const cited = {
  chunkId: "c1",
  documentId: "a".repeat(64),
  file: "R-admin.pdf",
  path: "/docs/R-admin.pdf",
  title: "R Installation and Administration",
  page: 62,
  pageEnd: 62,
  pageLabel: "56",
  heading: "B.3 Paper size",
  text: "R uses a default paper size of a4. The environment variable R_PAPERSIZE can be set.",
  score: 1,
  charStart: 0,
  charEnd: 80,
  n: 1,
  span: "R uses a default paper size of a4.",
};

function turn(question: string, at: string): ConversationTurn {
  const answer = makeAnswer({
    answer: "R uses a4 by default [1].",
    mode: "generative",
    citations: [cited],
    sources: [cited],
    model: "m.gguf",
  });
  return { question, answer, askedAt: at };
}

describe("ConversationStore", () => {
  it("starts a conversation titled after the first question and appends later turns", async () => {
    const store = new ConversationStore(dataDir);
    const c = await store.appendTurn(
      null,
      "manuals",
      turn("What paper size does R use?", "2025-01-01T10:00:00Z"),
    );
    const again = await store.appendTurn(
      c.id,
      "manuals",
      turn("and letter?", "2025-01-01T10:01:00Z"),
    );
    expect(again.title).toBe("What paper size does R use?");
    expect(again.turns).toBe(2);
    expect((await new ConversationStore(dataDir).get(c.id)).history.map((t) => t.question)).toEqual(
      ["What paper size does R use?", "and letter?"],
    );
    expect(
      readdirSync(path.join(dataDir, "conversations")).filter((f) => f.endsWith(".tmp")),
    ).toEqual([]);
  });

  it("lists conversations per collection, most recent first, and deletes them for real", async () => {
    const store = new ConversationStore(dataDir);
    const a = await store.appendTurn(null, "case-1", turn("First?", "2025-01-01T10:00:00Z"));
    const b = await store.appendTurn(null, "case-1", turn("Second?", "2025-01-02T10:00:00Z"));
    await store.appendTurn(null, "case-2", turn("Other case?", "2025-01-03T10:00:00Z"));
    expect((await store.list("case-1")).map((s) => s.id)).toEqual([b.id, a.id]);
    await store.delete(a.id);
    await expect(store.get(a.id)).rejects.toBeInstanceOf(ConversationNotFoundError);
    expect(await store.deleteCollection("case-1")).toBe(1);
    expect(await store.list("case-1")).toEqual([]);
    expect(await store.list("case-2")).toHaveLength(1);
  });

  it("refuses ids that are not its own, so an id can never become another path", async () => {
    const store = new ConversationStore(dataDir);
    await expect(store.get("../settings")).rejects.toBeInstanceOf(ConversationNotFoundError);
  });

  it("keeps two quick turns to the same conversation", async () => {
    const store = new ConversationStore(dataDir);
    const c = await store.appendTurn(null, "m", turn("One?", "2025-01-01T10:00:00Z"));
    await Promise.all([
      store.appendTurn(c.id, "m", turn("Two?", "2025-01-01T10:01:00Z")),
      store.appendTurn(c.id, "m", turn("Three?", "2025-01-01T10:02:00Z")),
    ]);
    expect((await store.get(c.id)).turns).toBe(3);
  });

  it("exports Markdown with each citation's document, page, printed page, section and quoted span", async () => {
    const store = new ConversationStore(dataDir);
    const c = await store.appendTurn(
      null,
      "manuals",
      turn("What paper size does R use?", "2025-01-01T10:00:00Z"),
    );
    const md = await store.exportMarkdown(c.id);
    expect(md).toContain("# What paper size does R use?");
    expect(md).toContain(
      "[1] R Installation and Administration, p. 62 (printed 56), B.3 Paper size (R-admin.pdf)",
    );
    expect(md).toContain("> R uses a default paper size of a4.");
  });

  it("stores a conversation's document scope, keeps it on follow-ups and lists it", async () => {
    const store = new ConversationStore(dataDir);
    const doc = "b".repeat(64);
    const c = await store.appendTurn(null, "m", turn("One?", "2025-01-01T10:00:00Z"), [doc]);
    const kept = await store.appendTurn(c.id, "m", turn("Two?", "2025-01-01T10:01:00Z"));
    expect(kept.documents).toEqual([doc]);
    expect((await store.list("m"))[0]?.documents).toEqual([doc]);
    const widened = await store.appendTurn(c.id, "m", turn("Three?", "2025-01-01T10:02:00Z"), []);
    expect((await store.get(widened.id)).documents).toEqual([]);
  });

  it("reads a conversation saved before scopes existed as scoped to the whole collection", async () => {
    const store = new ConversationStore(dataDir);
    const c = await store.appendTurn(null, "m", turn("One?", "2025-01-01T10:00:00Z"));
    const { documents: _dropped, ...old } = await store.get(c.id);
    await writeFile(path.join(dataDir, "conversations", `${c.id}.json`), JSON.stringify(old));
    expect((await store.get(c.id)).documents).toEqual([]);
    expect((await store.list("m"))[0]?.documents).toEqual([]);
  });
});
