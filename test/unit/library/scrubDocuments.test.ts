import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Answer, Citation, ConversationTurn } from "../../../shared/types";
import { ConversationStore } from "../../../electron/engine/library/ConversationStore";
import { SOURCE_REMOVED } from "../../../electron/engine/library/scrubAnswer";

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "enclave-scrub-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const GONE = "a".repeat(64);
const KEPT = "b".repeat(64);
const secret = "The informant met Zyxwvkorptq at the harbour on Tuesday night.";
const other = "The lorry was registered to a leasing company in Leeds.";

function citation(n: number, documentId: string, text: string): Citation {
  return {
    chunkId: `${documentId}:0`,
    documentId,
    file: documentId === GONE ? "informant-statement.pdf" : "vehicle.pdf",
    path: `/case/${documentId === GONE ? "informant-statement" : "vehicle"}.pdf`,
    title: documentId === GONE ? "Informant statement" : "Vehicle check",
    page: 3,
    pageEnd: 3,
    pageLabel: "3",
    heading: documentId === GONE ? "Meeting with informant" : "Registration",
    text,
    score: 1,
    charStart: 0,
    charEnd: text.length,
    n,
    span: text,
  };
}

function turn(answer: Partial<Answer>): ConversationTurn {
  const sources = [citation(1, GONE, secret), citation(2, KEPT, other)];
  return {
    question: "Who met whom at the harbour?",
    askedAt: "2025-01-01T10:00:00Z",
    answer: {
      answer: "",
      mode: "generative",
      found: true,
      citations: sources,
      sources,
      sentences: [],
      unsupported: [],
      model: "m.gguf",
      omittedSources: 0,
      standaloneQuestion: "",
      notice: "",
      ...answer,
    },
  };
}

const extractive = turn({
  mode: "extractive",
  model: null,
  answer: `**[1]** informant-statement.pdf, p. 3\n\n> **${secret}**\n\n**[2]** vehicle.pdf, p. 3\n\n> ${other}`,
  sentences: [
    { text: secret, cites: [1], supported: true, span: secret },
    { text: other, cites: [2], supported: true, span: other },
  ],
});
const generative = turn({
  answer: `The informant met Zyxwvkorptq at the harbour on Tuesday night [1]. The lorry was leased [2].`,
  sentences: [
    {
      text: "The informant met Zyxwvkorptq at the harbour on Tuesday night [1].",
      cites: [1],
      supported: true,
      span: secret,
    },
    { text: "The lorry was leased [2].", cites: [2], supported: true, span: other },
  ],
});

/** Every file under the folder whose bytes contain the text. */
function filesWith(text: string): string[] {
  return readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => readFileSync(f).includes(Buffer.from(text)));
}

describe("ConversationStore.scrubDocuments", () => {
  it("keeps every turn but replaces the deleted document's quotes with 'source removed'", async () => {
    const store = new ConversationStore(dataDir);
    const c = await store.appendTurn(null, "case-1", extractive);
    await store.appendTurn(c.id, "case-1", generative);
    expect(filesWith("Zyxwvkorptq")).not.toEqual([]);

    expect(await store.scrubDocuments([GONE])).toBe(1);
    expect(filesWith("Zyxwvkorptq")).toEqual([]);
    expect(filesWith("informant")).toEqual([]);
    expect(filesWith("Meeting with informant")).toEqual([]);

    const after = await store.get(c.id);
    expect(after.history.map((t) => t.question)).toEqual([
      "Who met whom at the harbour?",
      "Who met whom at the harbour?",
    ]);
    const [ex, gen] = after.history.map((t) => t.answer);
    // Extractive: the deleted document's block goes whole, the other's stays word for word.
    expect(ex?.answer).toBe(`**[1]** ${SOURCE_REMOVED}\n\n**[2]** vehicle.pdf, p. 3\n\n> ${other}`);
    // Generative: sentences resting on the deleted document go, the rest stays.
    expect(gen?.answer).toBe(`${SOURCE_REMOVED} The lorry was leased [2].`);
    expect(gen?.citations[0]).toMatchObject({ n: 1, page: 3, text: SOURCE_REMOVED, span: "" });
    expect(gen?.citations[1]).toEqual(citation(2, KEPT, other));
    expect(gen?.sentences[1]?.text).toBe("The lorry was leased [2].");
  });

  it("removes a quote the model repeated without citing it", async () => {
    const store = new ConversationStore(dataDir);
    await store.appendTurn(
      null,
      "case-1",
      turn({ answer: `Witnesses agree. ${secret}`, sentences: [] }),
    );
    await store.scrubDocuments([GONE]);
    expect(filesWith("Zyxwvkorptq")).toEqual([]);
  });

  it("leaves conversations that do not quote the document as they were", async () => {
    const store = new ConversationStore(dataDir);
    const c = await store.appendTurn(null, "case-1", extractive);
    const before = readFileSync(path.join(store.dir, `${c.id}.json`), "utf8");
    expect(await store.scrubDocuments(["c".repeat(64)])).toBe(0);
    expect(readFileSync(path.join(store.dir, `${c.id}.json`), "utf8")).toBe(before);
  });

  it("deletes temporary files a killed write left behind", async () => {
    const store = new ConversationStore(dataDir);
    const c = await store.appendTurn(null, "case-1", extractive);
    writeFileSync(
      path.join(store.dir, `${c.id}.json.0123456789ab.tmp`),
      JSON.stringify(extractive),
    );
    await store.scrubDocuments([GONE]);
    expect(filesWith("Zyxwvkorptq")).toEqual([]);
  });
});
