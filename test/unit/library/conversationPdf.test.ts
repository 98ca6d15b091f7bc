import { describe, expect, it } from "vitest";
import { loadPdfjs } from "../../../electron/engine/ingest/pdfjsRuntime";
import {
  exportFileName,
  renderConversationExport,
} from "../../../electron/engine/library/conversationExport";
import type { Answer, Citation, Conversation } from "../../../shared/types";
import { makeAnswer } from "../../fixtures/makeAnswer";

const HASH = "3f".repeat(32);
const PASSAGE =
  "Before opening the housing, isolate the pump from mains power and lock the isolator in the off position. " +
  "Wait five minutes for the capacitors to discharge, then confirm with a meter that no voltage is present. " +
  "Record the isolation in the maintenance log with the date, the time and your initials.";

function citation(n: number, overrides: Partial<Citation> = {}): Citation {
  return {
    n,
    chunkId: `c${n}`,
    documentId: HASH,
    file: "HX-200 manual.pdf",
    path: "/cases/42/HX-200 manual.pdf",
    title: "HX-200 Pump Manual",
    page: 14,
    pageEnd: 14,
    pageLabel: "xii",
    heading: "1 Safety",
    text: PASSAGE,
    score: 1,
    charStart: 0,
    charEnd: PASSAGE.length,
    span: "isolate the pump from mains power",
    ...overrides,
  };
}

function answer(text: string, citations: Citation[]): Answer {
  return makeAnswer({ answer: text, citations, sources: citations });
}

function conversation(turns: number): Conversation {
  return {
    id: "conv-1",
    collection: "Case 42",
    title: "Isolation before opening the pump: Ωmega/ÉTÉ?",
    turns,
    documents: [],
    updatedAt: "2025-03-01T10:05:00.000Z",
    history: Array.from({ length: turns }, (_, i) => ({
      question: `Question number ${i + 1}: what must be done before opening the housing? 日本`,
      askedAt: "2025-03-01T10:00:00.000Z",
      answer: answer(`Isolate the pump from mains power first [1]. Turn ${i + 1}.`, [
        citation(1),
        citation(2, {
          documentId: "ab".repeat(32),
          file: "Policy.pdf",
          page: 3,
          pageEnd: 4,
          pageLabel: null,
        }),
      ]),
    })),
  };
}

async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await loadPdfjs();
  const doc = await pdfjs.getDocument({ data: bytes.slice(), useSystemFonts: false, verbosity: 0 })
    .promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    const items = content.items.map((item) => ("str" in item ? item.str : ""));
    pages.push(items.join(" ").replace(/\s+/g, " "));
  }
  await doc.destroy();
  return pages;
}

describe("the PDF report of a conversation", () => {
  it("holds each question and answer, and per source the file, SHA-256, page and quoted passage", async () => {
    const file = await renderConversationExport(conversation(1), "pdf");
    expect(file.fileName).toBe("Isolation before opening the pump Ωmega ÉTÉ.pdf");
    const text = (await pdfText(file.bytes)).join(" ");
    expect(text).toContain("what must be done before opening the housing?");
    expect(text).toContain("Isolate the pump from mains power first [1]. Turn 1.");
    expect(text).toContain("[1] HX-200 manual.pdf");
    expect(text).toContain(HASH);
    expect(text).toContain('Page 14 (printed page label "xii")');
    expect(text).toContain("Section: 1 Safety");
    // The long passage is wrapped over several lines, every word kept.
    expect(text).toContain(`"${PASSAGE}"`);
    expect(text).toContain("[2] Policy.pdf");
    expect(text).toContain("ab".repeat(32));
    expect(text).toContain("Pages 3-4");
    expect(text).toContain("Collection: Case 42");
  });

  it("paginates a long conversation and numbers its pages", async () => {
    const file = await renderConversationExport(conversation(12), "pdf");
    const pages = await pdfText(file.bytes);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages[0]).toContain(`page 1 of ${pages.length}`);
    expect(pages.at(-1)).toContain(`page ${pages.length} of ${pages.length}`);
    expect(pages.join(" ")).toContain("Turn 12.");
  });

  it("exports Markdown as UTF-8 bytes with a .md name", async () => {
    const file = await renderConversationExport(conversation(1), "markdown");
    expect(file.fileName).toMatch(/\.md$/);
    const text = new TextDecoder().decode(file.bytes);
    expect(text).toContain("# Isolation before opening the pump");
    expect(text).toContain("日本");
  });

  it("offers a file name that is safe on every OS", () => {
    expect(exportFileName('a/b\\c:d*e?"f<g>h|i', "pdf")).toBe("a b c d e f g h i.pdf");
    expect(exportFileName(" .. ", "markdown")).toBe("Conversation.md");
  });
});
