import { describe, expect, it } from "vitest";
import type { Passage } from "../../../shared/types";
import { parseReferences } from "../../../electron/engine/retrieve/parseReferences";
import { resolveReferences } from "../../../electron/engine/retrieve/resolveReferences";
import type { Store } from "../../../electron/engine/store/types";

/** A guide's passages in reading order, one per page, under these heading paths. */
const headings = [
  ["1 Getting started"],
  ["1 Getting started", "1.1 Programs needed for development"],
  ["1 Getting started", "1.2 Documentation needed for development"],
  ["2 Warranty"],
  ["3 About this manual"],
  ["Chapter 4. Appendix"],
];
const passages: Passage[] = headings.map((path, i) => ({
  chunkId: `doc:${i}`,
  documentId: "doc",
  file: "guide.pdf",
  path: "/docs/guide.pdf",
  title: "Guide",
  page: i + 1,
  pageEnd: i + 1,
  pageLabel: null,
  heading: path.join(" › "),
  text: `Text of page ${i + 1}.`,
  score: 0,
  charStart: 0,
  charEnd: 10,
}));
const store = {
  documentPassages: (_id: string, selection?: { indexes?: readonly number[] }) =>
    Promise.resolve(passages.filter((_, i) => selection?.indexes?.includes(i) ?? true)),
  pageLabels: () => Promise.resolve(passages.map(() => null)),
} as unknown as Store;
const reads = { outline: () => Promise.resolve(passages), all: () => Promise.resolve(passages) };

async function pagesNamed(question: string): Promise<number[]> {
  const refs = parseReferences(question);
  const resolved = await resolveReferences(store, "doc", "guide.pdf", passages.length, refs, reads);
  return resolved.passages.map((p) => p.page);
}

describe("a section named by its topic", () => {
  it("reads the appendix without a letter as the section headed so", async () => {
    expect(await pagesNamed("Summarise what the appendix of the guide covers.")).toEqual([6]);
  });

  it("finds the section whose heading holds the whole name, not only its last words", async () => {
    expect(
      await pagesNamed(
        "Which documents does the section on documentation needed for development say to read?",
      ),
    ).toEqual([3]);
    expect(
      await pagesNamed("What does the section on programs needed for development list?"),
    ).toEqual([2]);
  });

  it("weighs the words that name the section above the words after them", async () => {
    // "manual" alone would match "About this manual" as well as "warranty" matches "Warranty".
    expect(await pagesNamed("What does the section on warranty in the manual say?")).toEqual([4]);
  });
});
