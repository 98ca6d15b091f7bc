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
/** Document reads (outlines or whole documents) kept in memory for repeated questions. */
const CACHED_DOCUMENTS = 16;

export interface ReferencedSearch {
  passages: Passage[];
  /** The references parsed from the question. */
  references: QuestionReferences;
  /** Passages the references named (a prefix of `passages`, before the limit), in reading order. */
  referenced: Passage[];
  /** Which page a page reference was read as ("" when none). */
  pageNote: string;
  /** Resolved documents, with the outline entries asked about (each with its first passage). */
  documents: {
    documentId: string;
    file: string;
    outline: { entry: OutlineEntry; passage: Passage }[];
    /** Every passage in reading order, with its text (read once, then cached). */
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
    const basePromise = plain(
      references.pages.length > 0 && /\p{L}{3,}/u.test(rest) ? rest : question,
    );
    // A scope of a few named documents needs no ranking to choose them: resolve meanwhile.
    const count = (scope.documents ?? []).length;
    const fewNamed = count > 0 && count <= MAX_RESOLVED_DOCUMENTS;
    const [base, resolved] = await Promise.all([
      basePromise,
      (fewNamed ? this.targets(scope, []) : basePromise.then((b) => this.targets(scope, b))).then(
        (targets) =>
          Promise.all(
            targets.map(async (doc) => ({
              doc,
              resolved: await resolveReferences(
                this.store,
                doc.id,
                doc.file,
                doc.pages,
                references,
                {
                  outline: () => this.readDocument(doc.id, doc.chunks, true),
                  all: () => this.readDocument(doc.id, doc.chunks, false),
                },
              ),
            })),
          ),
      ),
    ]);
    const documents: ReferencedSearch["documents"] = resolved.map(({ doc, resolved: r }) => ({
      documentId: doc.id,
      file: doc.file,
      outline: r.outline,
      read: () => this.readDocument(doc.id, doc.chunks, false),
    }));
    const referenced = resolved.flatMap(({ resolved: r }) => r.passages);
    const notes = resolved.map(({ resolved: r }) => r.pageNote).filter((n) => n !== "");
    // Named passages rank above every plain result, in reading order.
    const top = Math.max(0, ...base.map((p) => p.score));
    const first = referenced.map((p, i) => ({
      ...p,
      score: top + 1 + (referenced.length - i) / referenced.length,
    }));
    const seen = new Set(first.map((p) => p.chunkId));
    const passages = [...first, ...base.filter((p) => !seen.has(p.chunkId))].slice(0, limit);
    return { passages, references, referenced: first, pageNote: notes.join(" "), documents };
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

  /** `withoutText`: the outline's read (headings and pages only), a fraction of the bytes. */
  private readDocument(
    documentId: string,
    chunks: number,
    withoutText: boolean,
  ): Promise<Passage[]> {
    const key = `${documentId}:${chunks}:${withoutText ? "outline" : "all"}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const read = this.store.documentPassages(documentId, { withoutText });
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
