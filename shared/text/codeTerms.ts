/**
 * Code-like terms (`read.table`, `R_LIBS_USER`, `--with-x`, `par(mfrow)`, `.Rprofile`,
 * `base::sum`) found in text. The word tokenizer splits them into parts, which still match; these
 * whole forms go to a separate whitespace-tokenised field so an exact mention ranks first.
 * Used on both sides (index and query), so both see the same forms. Changing what it finds
 * changes the stored `codes` column: bump ANALYSER_VERSION (analyserVersion.ts).
 */

const PATTERNS: RegExp[] = [
  // Command-line options: --with-x, -Wall, --enable-R-shlib=yes (not a lone dash or a negative number).
  /(?<![\w-])--?[A-Za-z][\w-]*(?:=[\w./-]+)?/g,
  // A call with one bare argument: par(mfrow), options(warn).
  /(?<![\w.])[A-Za-z.][\w.]*\([A-Za-z_.][\w.]*\)/g,
  // Identifiers with inner punctuation: read.table, R_LIBS_USER, base::sum, x$y, .Rprofile, Rprofile.site.
  /(?<![\w.])\.?[A-Za-z][A-Za-z0-9]*(?:(?:\.|_|::|\$|@)[A-Za-z0-9]+)+/g,
  // Dot-files and dot-functions: .Rprofile, .First.
  /(?<![\w.])\.[A-Za-z][A-Za-z0-9_]+/g,
];

/** Whole code-like terms, lower-cased, de-duplicated, in order of appearance. */
export function codeTerms(text: string): string[] {
  const found = new Map<number, string>();
  for (const re of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const term = m[0].replace(/[.]+$/, "").toLowerCase();
      // Sentence-final "end." or version numbers are not code; require some letters and length.
      if (term.length < 3 || !/[a-z]/.test(term)) continue;
      // Abbreviations such as "e.g" and "i.e" are prose.
      if (/^[a-z](?:\.[a-z])+$/.test(term)) continue;
      if (!found.has(m.index) || (found.get(m.index)?.length ?? 0) < term.length)
        found.set(m.index, term);
    }
  }
  const ordered = [...found.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
  return [...new Set(ordered)];
}
