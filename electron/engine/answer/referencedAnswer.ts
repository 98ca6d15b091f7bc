/**
 * What the answer step does with a question that names pages or parts of a document, or asks
 * about the document as a whole: no abstention (the question said where to read), the named
 * passages first, and without a chat model the outline, a section-by-section summary or every
 * matching passage instead of the three best passages.
 */
import type { Passage } from "../../../shared/types";
import type { PassageSearch } from "../retrieve/Retriever";
import type { ReferencedSearch } from "../retrieve/searchReferences";
import type { SearchScope } from "../store/types";
import { mentions, outlineAnswer, outlineSummary, listAnswer } from "./wholeDocumentAnswer";
import type { WholeDocumentAnswer } from "./wholeDocumentAnswer";

/** Runs the reference-aware search when the retriever has one, the plain search otherwise. */
export async function searchForAnswer(
  retriever: PassageSearch,
  question: string,
  scope: SearchScope,
  limit: number,
  signal?: AbortSignal,
): Promise<
  | ReferencedSearch
  | { passages: Passage[]; referenced: []; pageNote: ""; documents: []; references: null }
> {
  if (retriever.searchReferenced !== undefined)
    return retriever.searchReferenced(question, scope, limit, signal);
  const passages = await retriever.search(question, scope, limit, signal);
  return { passages, referenced: [], pageNote: "", documents: [], references: null };
}

/** "Summarise this document" (no section named) over a document with an outline. */
export function isWholeSummary(found: ReferencedSearch): boolean {
  return (
    found.references.intent?.kind === "summary" &&
    found.references.sections.length === 0 &&
    (found.documents[0]?.outline.length ?? 0) > 0
  );
}

/**
 * The passages a model should read for a whole-document question: the outline's sections, the
 * passages mentioning what is counted or listed (all of them; packing keeps what fits), or null
 * when the question is not about the document as a whole.
 */
export async function wholeDocumentPassages(found: ReferencedSearch): Promise<Passage[] | null> {
  const intent = found.references.intent;
  const doc = found.documents[0];
  if (intent === null || doc === undefined) return null;
  if (intent.kind === "count" || intent.kind === "list") {
    const all = await doc.read();
    const matching = all.filter((p) => mentions(intent.item, p));
    return matching.length > 0 ? matching : null;
  }
  return found.referenced.length > 0 ? found.referenced : null;
}

/**
 * The extractive answer to a whole-document question in a scoped document, or null when the
 * question is not one (or the document has no outline to answer from).
 */
export async function wholeDocumentExtract(
  found: ReferencedSearch,
  scoped: boolean,
): Promise<WholeDocumentAnswer | null> {
  const intent = found.references.intent;
  const doc = found.documents[0];
  if (intent === null || doc === undefined) return null;
  switch (intent.kind) {
    case "outline":
      return doc.outline.length === 0 ? null : outlineAnswer(doc.file, doc.outline, intent.of);
    case "summary":
      if (found.references.sections.length > 0 || doc.outline.length === 0) return null;
      return outlineSummary(
        doc.file,
        doc.outline.map((o) => o.entry),
        await doc.read(),
      );
    case "count":
    case "list":
      // Over a whole collection "how many" is an ordinary question; within a document, a census.
      return scoped ? listAnswer(doc.file, intent.item, await doc.read()) : null;
  }
}
