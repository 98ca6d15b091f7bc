import { describe, expect, it, vi } from "vitest";
import type { ConversationTurn, Passage } from "../../../shared/types";
import { AnswerEngine, NOT_FOUND_TEXT } from "../../../electron/engine/answer/AnswerEngine";
import { ScriptedGenerator } from "../../fixtures/ScriptedGenerator";
import { library, mfrow, passage, paperSize, sink } from "./fixtures";

const PAPER_Q = "What paper size does R assume by default, and what values can R_PAPERSIZE take?";
const paperNotes = passage({
  title: "R-admin",
  page: 63,
  text: "Paper size a4 is the default for R manuals; set R_PAPERSIZE to letter for US paper.",
});
const paperFaq = passage({
  title: "R-FAQ",
  page: 30,
  text: "The R_PAPERSIZE default is a4 unless configure finds a paper size setting in the environment.",
});
const paperShelf = [paperSize, paperNotes, paperFaq];

function engineOver(
  passages: Passage[],
  extra: Partial<ConstructorParameters<typeof AnswerEngine>[0]> = {},
) {
  const retrieve = vi.fn((_q: string, _s: { collections: string[] }, limit: number) =>
    Promise.resolve(passages.slice(0, limit)),
  );
  return { engine: new AnswerEngine({ retriever: { search: retrieve }, ...extra }), retrieve };
}

const ask = (engine: AnswerEngine, question: string, history: ConversationTurn[] = []) => ({
  question,
  collection: "manuals",
  conversationId: null,
  history,
});

describe("AnswerEngine with a chat model", () => {
  it("maps markers to the cited document and page, and drops markers that point to no source", async () => {
    const { engine } = engineOver([...paperShelf, sink]);
    const generator = new ScriptedGenerator({
      script:
        "R assumes a4 paper by default [1]. R_PAPERSIZE can be a4, letter, legal or executive [1][9]. Nothing else applies [9].",
    });
    const answer = await engine.ask(ask(engine, PAPER_Q), { generator });
    expect(answer.found).toBe(true);
    expect(answer.mode).toBe("generative");
    expect(answer.answer).not.toContain("[9]");
    expect(answer.answer).toContain("Nothing else applies.");
    expect(answer.citations.map((c) => [c.n, c.title, c.page, c.pageLabel])).toEqual([
      [1, "R-admin", 62, "56"],
    ]);
    expect(answer.citations[0]?.chunkId).toBe(paperSize.chunkId);
    expect(answer.sources).toHaveLength(3);
    expect(answer.model).toBe("scripted.gguf");
  });

  it("lists as citations only the sources whose markers remain in the answer", async () => {
    const { engine } = engineOver(paperShelf);
    const generator = new ScriptedGenerator({
      script: "R defaults to a4 paper [3]. Set R_PAPERSIZE to letter for US paper [3].",
    });
    const answer = await engine.ask(ask(engine, PAPER_Q), { generator });
    expect(answer.sources).toHaveLength(3);
    expect(answer.citations.map((c) => [c.n, c.chunkId])).toEqual([[3, paperFaq.chunkId]]);
  });

  it("numbers the sources in the prompt with title, page, printed page and section", async () => {
    const { engine } = engineOver(library);
    const generator = new ScriptedGenerator({ script: "a4 [1]." });
    await engine.ask(ask(engine, PAPER_Q), { generator });
    const user = generator.calls[0]?.find((m) => m.role === "user")?.content ?? "";
    expect(user).toContain(
      "[1] R-admin, p. 62 (printed 56), B.3 Paper size — R uses a default paper size",
    );
    expect(generator.calls[0]?.[0]?.content).toMatch(/do not contain the answer/);
  });

  it("flags sentences the cited passage does not support, and a wrong number even when the words match", async () => {
    const { engine } = engineOver([mfrow, paperSize], { termStats: undefined });
    const generator = new ScriptedGenerator({
      script:
        "With three or more rows or columns, the reduction factor is 0.66 [1]. In a two by two layout the base size is reduced by a factor of 0.75 [1]. R was written by wizards living on the moon [1].",
    });
    const answer = await engine.ask(
      ask(engine, "Why do symbols and text get smaller with par mfrow, and by what factor?"),
      { generator },
    );
    const [right, wrongNumber, invented] = answer.sentences;
    expect(right?.supported).toBe(true);
    expect(right?.span).toBe("With three or more rows or columns, the reduction factor is 0.66.");
    expect(wrongNumber?.supported).toBe(false);
    expect(invented?.supported).toBe(false);
    expect(answer.unsupported).toHaveLength(2);
    expect(answer.citations[0]?.span).toContain("0.66");
    expect(answer.notice).toMatch(/2 sentences are not backed/);
  });

  it("checks a sentence without a marker against the sources the answer cites elsewhere", async () => {
    const { engine } = engineOver([sink, paperSize]);
    const generator = new ScriptedGenerator({
      script:
        'Use sink("record.lis") to divert console output to a file [1]. Calling sink() restores output to the console once again.',
    });
    const answer = await engine.ask(
      ask(engine, "How do I divert console output to a file with sink and restore it?"),
      { generator },
    );
    expect(answer.sentences[1]).toMatchObject({ cites: [], supported: true });
    expect(answer.sentences[1]?.span).toContain("restores it to the console");
  });

  it("stops mid-stream when aborted and returns the text so far, marked as stopped", async () => {
    const { engine } = engineOver(library);
    const script = Array.from({ length: 50 }, (_, i) => `word${i}`).join(" ");
    const generator = new ScriptedGenerator({ script, delayMs: 1 });
    const controller = new AbortController();
    const tokens: string[] = [];
    const answer = await engine.ask(ask(engine, PAPER_Q), {
      generator,
      signal: controller.signal,
      onToken: (t) => {
        tokens.push(t);
        if (tokens.length === 5) controller.abort();
      },
    });
    expect(tokens).toHaveLength(5);
    expect(answer.answer).toBe(tokens.join("").trim());
    expect(answer.notice).toMatch(/Stopped/);
  });

  it("passes its signal to the retriever, and a stop during the search answers as stopped before writing", async () => {
    const search = vi.fn(
      (_q: string, _s: { collections: string[] }, _limit: number, signal?: AbortSignal) =>
        new Promise<never>((_resolve, reject) =>
          signal?.addEventListener("abort", () => reject(new Error("aborted")), { once: true }),
        ),
    );
    const engine = new AnswerEngine({ retriever: { search } });
    const controller = new AbortController();
    const generator = new ScriptedGenerator({ script: "never written [1]." });
    const answer = engine.ask(ask(engine, PAPER_Q), { generator, signal: controller.signal });
    controller.abort();
    await expect(answer).resolves.toMatchObject({
      found: false,
      notice: "Stopped before an answer was written.",
    });
    expect(search.mock.calls[0]?.[3]).toBe(controller.signal);
    expect(generator.calls).toEqual([]);
  });

  it("keeps the packed prompt within the context window and says how many relevant passages were left out", async () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      passage({
        title: `Admin-${i}`,
        page: i + 1,
        text: `${paperSize.text} ${"Additional notes on paper formats and printing. ".repeat(8)}`,
      }),
    );
    const { engine } = engineOver(many, { maxSources: 12, packing: { reservedAnswerTokens: 100 } });
    const generator = new ScriptedGenerator({ script: "a4 [1].", contextSize: 700 });
    const answer = await engine.ask(ask(engine, PAPER_Q), { generator });
    const prompt = generator.calls[0] ?? [];
    const promptTokens = prompt.reduce((n, m) => n + generator.countTokens(m.content), 0);
    expect(promptTokens).toBeLessThanOrEqual(700 - 100);
    expect(answer.omittedSources).toBeGreaterThan(0);
    expect(answer.sources.length + answer.omittedSources).toBe(12);
    expect(answer.notice).toMatch(/left out/);
  });

  it("packs fewer sources when the machine reads the prompt too slowly for the time-to-first-token target", async () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      passage({ title: `Admin-${i}`, page: i + 1, text: paperSize.text }),
    );
    const fast = new ScriptedGenerator({ script: "a4 [1].", contextSize: 8192 });
    const slow = new ScriptedGenerator({
      script: "a4 [1].",
      contextSize: 8192,
      promptTokensPerSecond: 40,
    });
    const { engine } = engineOver(many);
    const full = await engine.ask(ask(engine, PAPER_Q), { generator: fast });
    const shrunk = await engine.ask(ask(engine, PAPER_Q), { generator: slow });
    expect(full.sources).toHaveLength(8);
    const promptTokens = (slow.calls[0] ?? []).reduce((n, m) => n + slow.countTokens(m.content), 0);
    expect(promptTokens).toBeLessThanOrEqual(40 * 10);
    expect(shrunk.sources.length).toBeLessThan(8);
    expect(shrunk.omittedSources).toBe(8 - shrunk.sources.length);
    expect(shrunk.notice).toMatch(/time-to-first-word/);
  });
});

describe("AnswerEngine deciding the documents do not answer", () => {
  it("answers found:false without calling the model when retrieval finds nothing relevant", async () => {
    const { engine } = engineOver(library);
    const generator = new ScriptedGenerator({ script: "Made up [1]." });
    const generate = vi.spyOn(generator, "generate");
    const answer = await engine.ask(
      ask(engine, "How do I deploy my Shiny app to shinyapps.io from RStudio?"),
      { generator },
    );
    expect(answer.found).toBe(false);
    expect(answer.answer).toBe(NOT_FOUND_TEXT);
    expect(answer.citations).toEqual([]);
    expect(generate).not.toHaveBeenCalled();
  });

  it("refuses a question naming something the library never mentions, using the library's statistics", async () => {
    const termStats = vi.fn((words: string[]) =>
      Promise.resolve({
        totalPassages: 1000,
        documentFrequency: new Map(words.map((w) => [w, w === "vulkan" ? 0 : 20])),
      }),
    );
    const { engine } = engineOver(library, { termStats });
    const answer = await engine.ask(ask(engine, "Can R use a Vulkan paper size by default?"), {
      generator: null,
    });
    expect(termStats).toHaveBeenCalled();
    expect(answer.found).toBe(false);
  });

  it("answers found:false when retrieval returns nothing", async () => {
    const { engine } = engineOver([]);
    const answer = await engine.ask(ask(engine, PAPER_Q), { generator: null });
    expect(answer.found).toBe(false);
  });
});

describe("AnswerEngine without a chat model", () => {
  it("quotes the best passages with the matching sentences in bold, cited, and says how to add a model", async () => {
    const { engine } = engineOver(library);
    const answer = await engine.ask(ask(engine, PAPER_Q), { generator: null });
    expect(answer.mode).toBe("extractive");
    expect(answer.found).toBe(true);
    expect(answer.model).toBeNull();
    expect(answer.answer).toContain("**[1]** R-admin, p. 62 (printed 56), B.3 Paper size");
    expect(answer.answer).toContain(
      "> **R uses a default paper size of a4 when it is built.** The environment variable R\\_PAPERSIZE",
    );
    for (const c of answer.citations) expect(answer.answer).toContain(`[${c.n}]`);
    expect(answer.citations[0]?.span).toBe("R uses a default paper size of a4 when it is built.");
    expect(answer.sentences[0]).toMatchObject({ cites: [1], supported: true });
    expect(answer.notice).toMatch(/Models panel → Add a GGUF file/);
  });
});

describe("AnswerEngine with follow-up questions", () => {
  it("rewrites a follow-up into a standalone question before retrieving", async () => {
    const { engine, retrieve } = engineOver(library);
    const first = await engine.ask(
      ask(engine, "How do I divert console output to a file with sink?"),
      { generator: null },
    );
    const history: ConversationTurn[] = [
      {
        question: "How do I divert console output to a file with sink?",
        answer: first,
        askedAt: "2025-01-01T00:00:00Z",
      },
    ];
    const followUp = await engine.ask(ask(engine, "and how do I restore it?", history), {
      generator: null,
    });
    const query = retrieve.mock.calls[1]?.[0] ?? "";
    expect(query).toMatch(/^How do I restore it/);
    expect(query).toContain("sink");
    expect(followUp.standaloneQuestion).toBe(query);
    expect(followUp.found).toBe(true);
  });

  it("reorders the top passages by the reranker's scores", async () => {
    const { engine } = engineOver([sink, paperSize, mfrow]);
    const reranker = {
      modelId: "r",
      rank: (_q: string, docs: string[]) =>
        Promise.resolve(docs.map((d) => (d.includes("R_PAPERSIZE") ? 1 : 0))),
      dispose: () => Promise.resolve(),
    };
    const answer = await engine.ask(ask(engine, PAPER_Q), { generator: null, reranker });
    expect(answer.sources[0]?.chunkId).toBe(paperSize.chunkId);
  });
});
