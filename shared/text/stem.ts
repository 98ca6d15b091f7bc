/**
 * The one stemmer: light English suffix folding, enough for "plots", "plotting" and "plotted" to
 * meet "plot", and "installs"/"installed" to meet "install". Deliberately weaker than Porter or
 * Snowball: it only strips inflections, so a stem still reads as the word and fewer unrelated
 * words collide. Used at query and passage time only; the full-text index stems with its own
 * Snowball stemmer.
 */
const HAS_DIGIT_RE = /\d/;
/** Inner punctuation of a compound token: read.table, R_LIBS_USER, command-line, 03/21. */
const PART_SPLIT_RE = /[._'/-]+/;

/** Words with digits and words of three letters or fewer are kept as they are. */
export function stem(word: string): string {
  if (word.length <= 3 || HAS_DIGIT_RE.test(word)) return word;
  let w = word;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is"))
    w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith("ed") && w.length > 4) w = undouble(w.slice(0, -2));
  if (w.endsWith("ly") && w.length > 5) w = w.slice(0, -2);
  // "configure" and "configured" meet at "configur".
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  return w;
}

/**
 * The term of a lower-cased, accent-folded token: a simple word stemmed; a compound
 * (read.table, command-line) kept as written, since stemming its tail would cut the name
 * ("read.tabl"), and matched through its stemmed parts instead (termParts). A possessive 's goes
 * first: "plot's" is the word "plot".
 */
export function stemTerm(token: string): string {
  const word = token.endsWith("'s") ? token.slice(0, -2) : token;
  return PART_SPLIT_RE.test(word) ? word : stem(word);
}

/** The stemmed parts of a compound term ("command-line" -> "command", "line"); none for a simple term. */
export function termParts(term: string): string[] {
  if (!PART_SPLIT_RE.test(term)) return [];
  return term
    .split(PART_SPLIT_RE)
    .filter((p) => p !== "")
    .map(stem);
}

/** "plott" (from "plotting") -> "plot"; "install" and "buzz" keep their double letter. */
function undouble(w: string): string {
  const n = w.length;
  if (n > 3 && w[n - 1] === w[n - 2] && !"lsz".includes(w[n - 1] ?? "")) return w.slice(0, -1);
  return w;
}
