/** The content terms of a question or sentence: what it is about, without its stop words. */
import type { Token } from "./tokenize";

/** Upper case after the first character (RStudio, CUDA, OpenMP) or code punctuation/digits inside. */
const SALIENT_SHAPE_RE = /^.+\p{Lu}|[._/]|\d.*\p{L}|\p{L}.*\d/u;

/** A content term of a question: what it must be about. */
export interface ContentTerm {
  term: string;
  /** First surface form seen, lower-cased (what a full-text index would be asked about). */
  word: string;
  /**
   * Shaped like a name or code (RStudio, CUDA, shinyapps.io, R_LIBS): a subject the documents
   * must mention, as opposed to everyday words a user may phrase differently.
   */
  salient: boolean;
  numeric: boolean;
}

/**
 * Content terms of a text in order of first appearance, without duplicates or stop words.
 * One-letter words ("R", "x") go too: nearly every passage of a library about R contains them.
 */
export function contentTerms(tokens: readonly Token[]): ContentTerm[] {
  const seen = new Map<string, ContentTerm>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined || t.stop || (t.term.length < 2 && !t.numeric)) continue;
    // The first word of a sentence is capitalised by grammar, not because it is a name.
    const sentenceStart = i === 0;
    const salient = !t.numeric && !sentenceStart && isSalientShape(t.surface);
    const prev = seen.get(t.term);
    if (prev === undefined)
      seen.set(t.term, {
        term: t.term,
        word: t.surface.toLowerCase(),
        salient,
        numeric: t.numeric,
      });
    else if (salient) prev.salient = true;
  }
  return [...seen.values()];
}

function isSalientShape(surface: string): boolean {
  if (surface.length < 3) return false;
  const first = surface[0] ?? "";
  // A capitalised word mid-sentence (Jupyter, Vulkan) is a proper name.
  if (first !== first.toLowerCase() && surface.length > 1) return true;
  return SALIENT_SHAPE_RE.test(surface);
}
