/**
 * Term matching that lets a compound token meet its parts: a passage that writes "read.table"
 * mentions "read" and "table", and a question asking about "read.table" is answered by a passage
 * that says "read" and "table" (as the index, which splits at punctuation, finds it).
 */
import { termParts } from "./stem";
import { isNumberTerm, type Token } from "./tokenize";

/** Terms a text contains: whole tokens and, for compound tokens (read.table), each part too. */
export function termSet(tokens: readonly Token[]): Set<string> {
  const set = new Set<string>();
  for (const t of tokens) {
    set.add(t.term);
    if (!t.numeric) for (const part of termParts(t.term)) set.add(part);
  }
  return set;
}

/** Whether `term` is present in `terms`, allowing a compound term to match through its parts. */
export function hasTerm(terms: ReadonlySet<string>, term: string): boolean {
  if (terms.has(term)) return true;
  if (isNumberTerm(term)) return false;
  const parts = termParts(term);
  return parts.length > 0 && parts.every((p) => terms.has(p));
}
