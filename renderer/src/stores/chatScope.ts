/**
 * The documents a question is about (its "scope"), as ids inside the current collection; empty
 * means the whole collection. Pure rules the chat store applies, kept apart so they can be tested.
 */

/** The contract's limit on `documents` (shared/contract.ts). */
export const MAX_SCOPE_DOCUMENTS = 50;

export class ScopeFullError extends Error {
  constructor() {
    super(
      `A question can be about at most ${MAX_SCOPE_DOCUMENTS} documents: remove a document chip above the question box first.`,
    );
    this.name = "ScopeFullError";
  }
}

/** Same documents, in any order. */
export function sameScope(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** The scope with `documentId` added at the end (unchanged when already in it). */
export function withDocument(scope: readonly string[], documentId: string): string[] {
  if (scope.includes(documentId)) return [...scope];
  if (scope.length >= MAX_SCOPE_DOCUMENTS) throw new ScopeFullError();
  return [...scope, documentId];
}

export function withoutDocument(scope: readonly string[], documentId: string): string[] {
  return scope.filter((id) => id !== documentId);
}

/**
 * What a question sends as `documents`. A new conversation (`stored` null) sends its chips, or
 * nothing for the whole collection. A follow-up sends nothing, so the engine keeps the scope it
 * stored with the conversation, unless the chips changed since: then it sends the new scope, which
 * the engine stores in its place (an empty array widens the conversation to the whole collection).
 */
export function documentsToSend(
  scope: readonly string[],
  stored: readonly string[] | null,
): string[] | undefined {
  if (stored === null) return scope.length > 0 ? [...scope] : undefined;
  return sameScope(scope, stored) ? undefined : [...scope];
}
