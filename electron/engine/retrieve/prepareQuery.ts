/** Turns a question as typed into the terms the full-text index is searched with. */
import type { TextQuery } from "../store/types";
import { codeTerms } from "./codeTerms";
import { STOP_WORDS } from "./stopWords";

/** Words as the index's word tokenizer sees them: runs of letters and digits. */
export function wordTokens(text: string): string[] {
  const lower = text.toLowerCase();
  // Folding accents (as the index's ascii folding does) is only needed, and only paid for, off ASCII.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(lower)) return lower.match(/[a-z0-9]+/g) ?? [];
  return (
    lower
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * Stop words go, unless nothing else is left (a query of only stop words still searches them);
 * code-like terms are kept whole in `codeTerms` and their parts stay in `terms`.
 */
export function prepareQuery(raw: string): TextQuery {
  const words = wordTokens(raw);
  const content = words.filter((w) => !STOP_WORDS.has(w));
  const terms = [...new Set(content.length > 0 ? content : words)];
  return { raw, terms, codeTerms: codeTerms(raw) };
}
