/**
 * Turns a question's page and structure references into the passages they name, in one
 * document: "page 14" -> the passages of the page printed "14" (or of the 14th page when no page
 * is printed so), "the cover page" -> page 1, "appendix B" -> that appendix's passages in order
 * (when short; its first passage and outline otherwise), "how many appendices" -> the outline.
 */
import type { Passage } from "../../../shared/types";
import type { Store } from "../store/types";
import {
  documentOutline,
  entryKind,
  findCaptions,
  findSections,
  type OutlineEntry,
} from "./documentOutline";
import type { PageReference, QuestionReferences, SectionReference } from "./parseReferences";
import { findPrintedPage } from "./printedPage";
import { indexWords, isStopWord, stem } from "../../../shared/text";

/** A section of at most this many passages is returned whole, in order. */
export const WHOLE_SECTION_PASSAGES = 12;

export interface Resolved {
  /** Passages the references name, most specific first; each list in reading order. */
  passages: Passage[];
  /** Which page a page reference was read as, for the answer ("" when no page was named). */
  pageNote: string;
  /** The outline entries a structure question asks about, each with its first passage (empty otherwise). */
  outline: { entry: OutlineEntry; passage: Passage }[];
}

/** The physical page a page reference names, and a sentence saying how it was read. */
function resolvePage(
  ref: PageReference,
  labels: readonly (string | null)[],
  pageCount: number,
  file: string,
): { page: number; note: string } | null {
  switch (ref.kind) {
    case "first":
      return { page: 1, note: `The first page is page 1 of ${file}.` };
    case "cover":
      return { page: 1, note: `The cover page is page 1 of ${file}.` };
    case "last":
      return { page: pageCount, note: `The last page is page ${pageCount} of ${file}.` };
    case "label": {
      const printed = labels.findIndex((l) => l !== null && l.toLowerCase() === ref.label);
      const n = Number(ref.label);
      if (!ref.physical && printed >= 0)
        return {
          page: printed + 1,
          note:
            printed + 1 === n
              ? `Page ${ref.label} of ${file}.`
              : `"Page ${ref.label}" was read as the page printed ${ref.label}, which is page ${printed + 1} of ${file} counting from its first sheet.`,
        };
      if (!Number.isInteger(n) || n < 1 || n > pageCount) return null;
      const hasLabels = labels.some((l, i) => l !== null && l !== String(i + 1));
      return {
        page: n,
        note:
          ref.physical || !hasLabels
            ? `Page ${n} of ${file}, counting from its first sheet.`
            : `No page of ${file} is printed "${ref.label}", so "page ${ref.label}" was read as its page ${n} counting from the first sheet.`,
      };
    }
  }
}

/**
 * A page asked for by number, checked against the numbers printed on the pages: the page that
 * shows the number wins over the page label or the sheet count when they differ (printedPage.ts).
 */
async function checkPrinted(
  store: Pick<Store, "getPageText">,
  documentId: string,
  file: string,
  pageCount: number,
  ref: PageReference,
  found: { page: number; note: string } | null,
): Promise<{ page: number; note: string } | null> {
  if (ref.kind !== "label" || ref.physical || !/^\d{1,4}$/.test(ref.label)) return found;
  const n = Number(ref.label);
  const guess = found?.page ?? Math.min(n, pageCount);
  const page = await findPrintedPage(store, documentId, n, guess, pageCount);
  if (page === null || page === found?.page) return found;
  return {
    page,
    note:
      page === n
        ? `Page ${n} of ${file}.`
        : `"Page ${n}" was read as the page printed ${n}, which is page ${page} of ${file} counting from its first sheet.`,
  };
}

function topicTerms(words: string): string[] {
  return [
    ...new Set(
      indexWords(words)
        .filter((w) => !isStopWord(w))
        .map(stem),
    ),
  ];
}

/**
 * The outline entry whose heading best covers the topic's words (at least half of them). The
 * words before the first small word ("documentation needed" of "documentation needed for
 * development", "warranty" of "warranty in the manual") name the section and count extra.
 */
function bestTopicEntry(outline: readonly OutlineEntry[], words: string): OutlineEntry | null {
  const wanted = topicTerms(words);
  if (wanted.length === 0) return null;
  const lead = topicTerms(words.split(/\s(?:the|in|of|on|for|to|from|with|and|or)\s/iu)[0] ?? "");
  let best: OutlineEntry | null = null;
  let bestScore = 0;
  for (const e of outline) {
    const have = new Set(indexWords(e.title).map(stem));
    const share = wanted.filter((w) => have.has(w)).length / wanted.length;
    const leadShare = lead.length === 0 ? 0 : lead.filter((w) => have.has(w)).length / lead.length;
    // Ties go to the broader (shallower) section, then to the earlier one.
    const score = share + 0.5 * leadShare - e.level * 0.001;
    if (share >= 0.5 && score > bestScore) {
      best = e;
      bestScore = score;
    }
  }
  return best;
}

/** A section's positions: all of a short one; of a long one, its first and its subsections' first. */
function sectionIndexes(entry: OutlineEntry, outline: readonly OutlineEntry[]): number[] {
  if (entry.to - entry.from <= WHOLE_SECTION_PASSAGES)
    return Array.from({ length: entry.to - entry.from }, (_, i) => entry.from + i);
  const heads = outline
    .filter((e) => e.from >= entry.from && e.to <= entry.to && e.level === entry.level + 1)
    .map((e) => e.from);
  return [...new Set([entry.from, ...heads])];
}

/** What a section reference names: positions in the outline read, or (captions) whole passages. */
async function sectionsNamed(
  ref: SectionReference,
  outline: readonly OutlineEntry[],
  reads: DocumentReads,
): Promise<(number | Passage)[]> {
  if (ref.kind === "table" || ref.kind === "figure") {
    const all = await reads.all();
    return findCaptions(all, ref.kind, ref.label).flatMap((i) => all[i] ?? []);
  }
  const entries =
    ref.kind === "topic"
      ? [bestTopicEntry(outline, ref.words)].filter((e) => e !== null)
      : findSections(outline, ref.kind, ref.label).slice(0, 1);
  return entries.flatMap((e) => sectionIndexes(e, outline));
}

/** Outline entries of the asked kind (all top-level entries when no kind was named). */
function outlineAsked(
  outline: readonly OutlineEntry[],
  of: ReturnType<typeof entryKind> | null,
): OutlineEntry[] {
  if (of === null) return outline.filter((e) => e.level <= 2);
  const kinds = outline.filter((e) => entryKind(e) === of);
  return kinds.length > 0 ? kinds : outline.filter((e) => e.level === 1);
}

/** A document's passages in reading order, read once by the caller and cached. */
export interface DocumentReads {
  /** Every passage without its text (""): enough for the outline. */
  outline(): Promise<Passage[]>;
  /** Every passage with its text. */
  all(): Promise<Passage[]>;
}

const chunkIndex = (p: Passage): number => Number(p.chunkId.slice(p.chunkId.lastIndexOf(":") + 1));

/** Resolves every reference of the question in one document. */
export async function resolveReferences(
  store: Store,
  documentId: string,
  file: string,
  pageCount: number,
  refs: QuestionReferences,
  reads: DocumentReads,
): Promise<Resolved> {
  const named: (number | Passage)[] = [];
  const notes: string[] = [];
  if (refs.pages.length > 0) {
    const labels = await store.pageLabels(documentId);
    const pages: number[] = [];
    for (const ref of refs.pages) {
      const found = await checkPrinted(
        store,
        documentId,
        file,
        pageCount,
        ref,
        resolvePage(ref, labels, pageCount, file),
      );
      if (found === null || pages.includes(found.page)) continue;
      pages.push(found.page);
      notes.push(found.note);
    }
    if (pages.length > 0) {
      const onPages = await store.documentPassages(documentId, { pages });
      for (const page of pages) {
        // Passages starting on the page first, then one running onto it from the page before.
        const starting = onPages.filter((p) => p.page === page);
        named.push(...starting, ...onPages.filter((p) => p.page < page && p.pageEnd >= page));
      }
      // A cover that is only a picture has no text: the first passage stands for it.
      const cover = refs.pages.some((r) => r.kind === "cover" || r.kind === "first");
      if (cover && !onPages.some((p) => p.page === 1 || p.pageEnd === 1))
        named.unshift(...(await store.documentPassages(documentId, { indexes: [0] })));
    }
  }
  // Counting and listing read the whole document only when answered (see the answer step).
  const needsOutline =
    refs.sections.length > 0 || refs.intent?.kind === "outline" || refs.intent?.kind === "summary";
  const light = needsOutline ? await reads.outline() : [];
  const outline = documentOutline(light);
  for (const ref of refs.sections) named.push(...(await sectionsNamed(ref, outline, reads)));
  const asked =
    refs.intent?.kind === "outline"
      ? outlineAsked(outline, refs.intent.of)
      : refs.intent?.kind === "summary" && refs.sections.length === 0
        ? outline.filter((e) => e.level === 1)
        : [];
  named.push(...asked.map((e) => e.from));
  // Positions in the outline read become passages with their text, in one query.
  const wanted = [...new Set(named.filter((n) => typeof n === "number"))].flatMap((i) => {
    const p = light[i];
    return p === undefined ? [] : [chunkIndex(p)];
  });
  const texts =
    wanted.length === 0 ? [] : await store.documentPassages(documentId, { indexes: wanted });
  const byIndex = new Map(texts.map((p) => [chunkIndex(p), p]));
  const passages = named.flatMap((n) => {
    if (typeof n !== "number") return [n];
    const p = light[n];
    const full = p === undefined ? undefined : byIndex.get(chunkIndex(p));
    return full === undefined ? [] : [full];
  });
  const entryPassages = asked.flatMap((e) => {
    const p = light[e.from];
    const full = p === undefined ? undefined : byIndex.get(chunkIndex(p));
    return full === undefined ? [] : [{ entry: e, passage: full }];
  });
  return { passages: unique(passages), pageNote: notes.join(" "), outline: entryPassages };
}

function unique(passages: Passage[]): Passage[] {
  const seen = new Set<string>();
  return passages.filter((p) => {
    if (seen.has(p.chunkId)) return false;
    seen.add(p.chunkId);
    return true;
  });
}
