/**
 * Every passage of one document, indexed in memory, so that a search scoped to a few documents
 * scores all of their passages exactly instead of taking the top k of the library's index: with
 * the scope's own word statistics (a word on every page of a manual says nothing there, however
 * rare it is in the library) and with the heading path as a field of its own.
 */
import type { Passage } from "../../../shared/types";
import { indexWords, stem } from "../../../shared/text";

/** Where a word occurs: passage positions and how often, in step. */
interface Postings {
  at: number[];
  count: number[];
}

/** One field (body or heading path) of every passage: postings and lengths in words. */
export interface FieldIndex {
  postings: ReadonlyMap<string, Postings>;
  /** Words per passage; 0 for a body that only repeats its heading (see below). */
  lengths: Uint32Array;
  averageLength: number;
}

export class PassageIndex {
  readonly body: FieldIndex;
  readonly head: FieldIndex;

  private constructor(
    /** The document's passages in reading order, with their text. */
    readonly passages: readonly Passage[],
  ) {
    // Most words repeat: stemming each distinct word once is most of the build's saving.
    const stems = new Map<string, string>();
    const terms = (text: string): string[] =>
      indexWords(text).map((w) => {
        let s = stems.get(w);
        if (s === undefined) stems.set(w, (s = stem(w)));
        return s;
      });
    const heads = passages.map((p) => terms(p.heading));
    // A passage that is nothing but its heading line (a chapter's title, alone before a page
    // break) has no body to answer from: as the shortest of bodies it would otherwise outrank
    // the section's content on the heading's own words. Its heading still counts, once.
    this.body = field(
      passages.map((p, i) => {
        const body = terms(p.text);
        const head = new Set(heads[i]);
        return body.every((w) => head.has(w)) ? [] : body;
      }),
    );
    this.head = field(heads);
  }

  static build(passages: readonly Passage[]): PassageIndex {
    return new PassageIndex(passages);
  }
}

function field(docs: string[][]): FieldIndex {
  const postings = new Map<string, Postings>();
  const lengths = new Uint32Array(docs.length);
  let total = 0;
  docs.forEach((words, i) => {
    lengths[i] = words.length;
    total += words.length;
    for (const w of words) {
      const p = postings.get(w);
      if (p === undefined) postings.set(w, { at: [i], count: [1] });
      else if (p.at[p.at.length - 1] === i) p.count[p.count.length - 1] = (p.count.at(-1) ?? 0) + 1;
      else {
        p.at.push(i);
        p.count.push(1);
      }
    }
  });
  return { postings, lengths, averageLength: docs.length === 0 ? 0 : total / docs.length };
}
