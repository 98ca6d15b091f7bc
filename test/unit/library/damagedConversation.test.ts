import { mkdtempSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ConversationTurn } from "../../../shared/types";
import {
  ConversationDamagedError,
  ConversationStore,
} from "../../../electron/engine/library/ConversationStore";
import { makeAnswer } from "../../fixtures/makeAnswer";

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "enclave-damaged-conv-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function turn(question: string, at: string): ConversationTurn {
  const answer = makeAnswer({ answer: "Nothing found.", found: false });
  return { question, answer, askedAt: at };
}

const damage = {
  "cut short by a power loss": (text: string) => text.slice(0, 30),
  "not a conversation": () => JSON.stringify({ id: "x", history: "none" }),
  "another conversation's content": (text: string) =>
    text.replace(/"id": "[a-f0-9]{24}"/, `"id": "${"f".repeat(24)}"`),
};

describe("a damaged conversation file", () => {
  for (const [what, corrupt] of Object.entries(damage)) {
    it(`(${what}) is set aside and named, and the other conversations still list`, async () => {
      const notices: string[] = [];
      const store = new ConversationStore(dataDir, { onSetAside: (m) => notices.push(m) });
      const good = await store.appendTurn(null, "case", turn("First?", "2026-01-01T00:00:00Z"));
      const bad = await store.appendTurn(null, "case", turn("Second?", "2026-01-02T00:00:00Z"));
      const file = path.join(store.dir, `${bad.id}.json`);
      const broken = corrupt(await readFile(file, "utf8"));
      await writeFile(file, broken);

      const listed = await store.list("case");
      expect(listed.map((c) => c.id)).toEqual([good.id]);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain(file);

      const aside = (await readdir(store.dir)).filter((n) =>
        n.startsWith(`${bad.id}.json.corrupt-`),
      );
      expect(aside).toHaveLength(1);
      expect(notices[0]).toContain(aside[0]);
      // Kept as evidence, byte for byte; never deleted or overwritten.
      expect(await readFile(path.join(store.dir, aside[0]!), "utf8")).toBe(broken);
      // Scrubbing a deletion skips it rather than failing the deletion.
      await expect(store.scrubDocuments(["a".repeat(64)])).resolves.toBe(0);
    });
  }

  it("opening it directly says it was set aside, with its own code", async () => {
    const store = new ConversationStore(dataDir);
    const c = await store.appendTurn(null, "case", turn("Q?", "2026-01-01T00:00:00Z"));
    await writeFile(path.join(store.dir, `${c.id}.json`), "\0\0\0\0");
    const error = await store.get(c.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversationDamagedError);
    expect((error as ConversationDamagedError).code).toBe("CONVERSATION_DAMAGED");
    expect((error as Error).message).toMatch(/set aside as [a-f0-9]{24}\.json\.corrupt-/);
  });
});
