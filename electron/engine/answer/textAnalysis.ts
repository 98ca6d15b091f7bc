/**
 * The one tokenizer the answer code uses: questions, passages and answers are cut into the same
 * terms, so coverage (abstention), highlighting (extractive mode) and sentence support agree.
 * Every regex is compiled once at module load; each text is tokenised once per question.
 */

/**
 * General English function words plus the words people use to frame a question ("how", "why",
 * "should"). They carry no subject matter, so coverage and support ignore them. Not tuned to any
 * corpus: the list only contains closed-class words and question framing.
 */
const STOP_WORDS = new Set(
  (
    "a about above after again against all also am an and any are aren't as at be because been before being below " +
    "between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each " +
    "either else even ever every few for from further get gets getting got had hadn't has hasn't have haven't having " +
    "he her here hers herself him himself his how however i i'd i'm i've if in into is isn't it it's its itself just " +
    "let's like may me might more most much must mustn't my myself need needs no nor not now of off often on once only " +
    "or other ought our ours ourselves out over own per please rather really same shall shan't she should shouldn't " +
    "since so some still such than that that's the their theirs them themselves then there there's these they " +
    "they're this those though through thus to too under until up upon us very via was wasn't way we we're were " +
    "weren't what what's whatever when where whether which while who whom whose why will with within without won't " +
    "would wouldn't yes yet you you'd you're you've your yours yourself yourselves etc e.g i.e instead anyway " +
    "something anything everything nothing someone anyone thing things want wants wanted happen happens use used " +
    "using uses tell tells know"
  ).split(" "),
);

/** Words, numbers and code-like tokens (read.table, R_LIBS_USER, --with-x, 0.66, 03/21/95). */
const TOKEN_RE = /[\p{L}\p{N}_](?:[\p{L}\p{N}_'./-]*[\p{L}\p{N}_])?/gu;
const NUMBER_RE = /^\d+(?:[.,/:]\d+)*$/;
const PART_SPLIT_RE = /[._'/-]+/;
const HAS_DIGIT_RE = /\d/;
/** Upper case after the first character (RStudio, CUDA, OpenMP) or code punctuation/digits inside. */
const SALIENT_SHAPE_RE = /^.+\p{Lu}|[._/]|\d.*\p{L}|\p{L}.*\d/u;

/** One token of a text: its position, surface form and normalised term. */
export interface Token {
  /** Lower-cased, stemmed form (numbers kept exactly). */
  term: string;
  /** As written. */
  surface: string;
  start: number;
  end: number;
  stop: boolean;
  numeric: boolean;
}

/** A light English stemmer: enough to match plural/verb forms ("plots"/"plotting"/"plotted"). */
export function stem(word: string): string {
  if (word.length <= 3 || HAS_DIGIT_RE.test(word)) return word;
  let w = word;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith("ed") && w.length > 4) w = undouble(w.slice(0, -2));
  if (w.endsWith("ly") && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  const n = w.length;
  if (n > 3 && w[n - 1] === w[n - 2] && !"lsz".includes(w[n - 1] ?? "")) return w.slice(0, -1);
  return w;
}

/** Cuts a text into tokens. Code-like tokens stay whole (their parts are matched by `termSet`). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    const surface = m[0];
    const lower = surface.toLowerCase();
    const numeric = NUMBER_RE.test(lower);
    out.push({
      term: numeric ? lower : stem(lower),
      surface,
      start: m.index,
      end: m.index + surface.length,
      stop: STOP_WORDS.has(lower),
      numeric,
    });
  }
  return out;
}

/** Terms a text contains: whole tokens and, for compound tokens (read.table), each part too. */
export function termSet(tokens: readonly Token[]): Set<string> {
  const set = new Set<string>();
  for (const t of tokens) {
    set.add(t.term);
    if (!t.numeric && PART_SPLIT_RE.test(t.term)) {
      for (const part of t.term.split(PART_SPLIT_RE)) if (part !== "") set.add(stem(part));
    }
  }
  return set;
}

/** Whether `term` is present in `terms`, allowing a compound term to match through its parts. */
export function hasTerm(terms: ReadonlySet<string>, term: string): boolean {
  if (terms.has(term)) return true;
  if (NUMBER_RE.test(term) || !PART_SPLIT_RE.test(term)) return false;
  const parts = term.split(PART_SPLIT_RE).filter((p) => p !== "");
  return parts.length > 0 && parts.every((p) => terms.has(stem(p)));
}

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

/** Content terms of a text in order of first appearance, without duplicates or stop words. */
export function contentTerms(tokens: readonly Token[]): ContentTerm[] {
  const seen = new Map<string, ContentTerm>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined || t.stop || (t.term.length < 2 && !t.numeric)) continue;
    // The first word of a sentence is capitalised by grammar, not because it is a name.
    const sentenceStart = i === 0;
    const salient = !t.numeric && !sentenceStart && isSalientShape(t.surface);
    const prev = seen.get(t.term);
    if (prev === undefined) seen.set(t.term, { term: t.term, word: t.surface.toLowerCase(), salient, numeric: t.numeric });
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
