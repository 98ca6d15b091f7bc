/**
 * Search for a question that names pages or parts of a document: the passages the references
 * name come first (in reading order), then the ranked passages of the plain search. The
 * documents resolved against are the scope's own when it names a few, else the best-ranked
 * documents of the plain search (a page number means nothing across a whole collection).
 */
import type { Passage } from "../../../shared/types";
import type { SearchScope, Store } from "../store/types";
import type { OutlineEntry } from "./documentOutline";
import { hasReferences, parseReferences, type QuestionReferences } from "./parseReferences";
import { resolveReferences } from "./resolveReferences";

/** Documents a reference is resolved in at most (each may be read whole, once, then cached). */
const MAX_RESOLVED_DOCUMENTS = 3;
/** Whole documents kept in memory for repeated structure questions. */
const CACHED_DOCUMENTS = 4;

export interface ReferencedSearch {
  passages: Passage[];
  /** The references parsed from the question. */
  references: QuestionReferences;
  /** Passages the references named (a prefix of `passages`, before the limit), in reading order. */
  referenced: Passage[];
  /** Which page a page reference was read as ("" when none). */
  pageNote: string;
  /** Resolved documents, with their asked-about outline entries and (when read) every passage. */
  documents: {
    documentId: string;
    file: string;
    outline: OutlineEntry[];
    passages: Passage[];
    /** Every passage in reading order (read once, then cached). */
    read: () => Promise<Passage[]>;
  }[];
}

export class ReferenceResolver {
  readonly #cache = new Map<string, Promise<Passage[]>>();

  constructor(private readonly store: Store) {}

  /** `plain` runs the ordinary ranked search for a query text. */
  async search(
    question: string,
    scope: SearchScope,
    limit: number,
    plain: (query: string) => Promise<Passage[]>,
  ): Promise<ReferencedSearch> {
    const references = parseReferences(question);
    if (!hasReferences(references))
      return {
        passages: await plain(question),
        references,
        referenced: [],
        pageNote: "",
        documents: [],
      };
    // Page words ("page 14") say where, not what: the rest of the question says what.
    const rest = references.remainder.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
    const base = await plain(
      references.pages.length > 0 && /\p{L}{3,}/u.test(rest) ? rest : question,
    );
    const targets = await this.targets(scope, base);
    const documents: ReferencedSearch["documents"] = [];
    const referenced: Passage[] = [];
    const notes: string[] = [];
    for (const doc of targets) {
      const resolved = await resolveReferences(
        this.store,
        doc.id,
        doc.file,
        doc.pages,
        references,
        () => this.readDocument(doc.id, doc.chunks),
      );
      referenced.push(...resolved.passages);
      if (resolved.pageNote !== "") notes.push(resolved.pageNote);
      documents.push({
        documentId: doc.id,
        file: doc.file,
        outline: resolved.outline,
        passages: resolved.document,
        read: () => this.readDocument(doc.id, doc.chunks),
      });
    }
    // Named passages rank above every plain result, in reading order.
    const top = Math.max(0, ...base.map((p) => p.score));
    const named = referenced.map((p, i) => ({
      ...p,
      score: top + 1 + (referenced.length - i) / referenced.length,
    }));
    const seen = new Set(named.map((p) => p.chunkId));
    const passages = [...named, ...base.filter((p) => !seen.has(p.chunkId))].slice(0, limit);
    return { passages, references, referenced: named, pageNote: notes.join(" "), documents };
  }

  /** The scope's documents (when it names them), else the plain search's best documents. */
  private async targets(
    scope: SearchScope,
    base: readonly Passage[],
  ): Promise<{ id: string; file: string; pages: number; chunks: number }[]> {
    const named = scope.documents ?? [];
    const ranked = [...new Set(base.map((p) => p.documentId))];
    const ids =
      named.length > 0
        ? [
            ...ranked.filter((id) => named.includes(id)),
            ...named.filter((id) => !ranked.includes(id)),
          ]
        : ranked.slice(0, 1);
    const wanted = new Set(scope.collections);
    const docs = await Promise.all(ids.map((id) => this.store.getDocument(id)));
    return docs
      .flatMap((d) =>
        d !== null && d.status === "ready" && d.collections.some((c) => wanted.has(c))
          ? [{ id: d.id, file: d.file, pages: d.pages, chunks: d.chunks }]
          : [],
      )
      .slice(0, MAX_RESOLVED_DOCUMENTS);
  }

  private readDocument(documentId: string, chunks: number): Promise<Passage[]> {
    const key = `${documentId}:${chunks}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const read = this.store.documentPassages(documentId);
    this.#cache.set(key, read);
    read.catch(() => this.#cache.delete(key));
    while (this.#cache.size > CACHED_DOCUMENTS) {
      const oldest = this.#cache.keys().next().value;
      if (oldest === undefined) break;
      this.#cache.delete(oldest);
    }
    return read;
  }
}
