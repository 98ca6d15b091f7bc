/**
 * Whether a PDF page's text layer is worth indexing, or the page should be read with OCR instead.
 * Scanners often put an invisible text layer of mojibake over the image ("Ã©Â¤ ¦¦¦ ..."): such
 * text has few word-like tokens.
 */

/** Fewer visible characters than this count as no text at all (a page number, a stamp). */
const MIN_CHARACTERS = 12;
/** Below this share of word-like tokens the text is taken for garbage. */
const MIN_WORDLIKE_SHARE = 0.5;

/** A token a reader would recognise: a word with a vowel, a number, or a word in a script without Latin vowels. */
function wordLike(token: string): boolean {
  const core = token.replace(/^[("'[«“‘]+|[)"'\].,;:!?»”’]+$/gu, "");
  if (core === "") return false;
  if (/^[\d.,:/%-]+$/u.test(core)) return true;
  if (/[\p{Cc}\p{Co}\uFFFD]/u.test(core)) return false;
  // Letters of scripts that do not write Latin vowels (CJK, Arabic, Cyrillic, ...) pass as words.
  if (/^[\p{L}\p{M}'’-]+$/u.test(core) && !/\p{Script=Latin}/u.test(core)) return true;
  return (
    /^[\p{Script=Latin}'’-]+$/u.test(core) &&
    /[aeiouyäöüàâéèêëîïôûáíóúåæø]/iu.test(core) &&
    !/(.)\1\1/u.test(core)
  );
}

/** True when the text is missing or mostly garbage. */
export function textLayerUnusable(text: string): boolean {
  const visible = text.replace(/\s+/g, "");
  if (visible.length < MIN_CHARACTERS) return true;
  const tokens = text.split(/\s+/).filter((t) => t !== "");
  const good = tokens.filter(wordLike).length;
  return good / tokens.length < MIN_WORDLIKE_SHARE;
}
