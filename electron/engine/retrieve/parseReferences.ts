/**
 * Page and structure references in a question, as people type them: "page 14", "p. 5",
 * "pages 10 and 11", "pp. 3–7", "the first/last page", "the cover/title page", "section 3.2",
 * "chapter 4", "appendix B", "table 2", "figure 3", "the part on safety notices". Pure: the
 * references are resolved against a document's pages and outline by resolveReferences.ts.
 */

/**
 * A page as the question names it. `label`: "14", "iv" as typed, read as a printed page label
 * first and as a physical page number otherwise (`physical`: the question said "PDF page 14",
 * "the 14th page"). `first`/`last`: the document's first or last page; `cover` the cover or
 * title page (its first page).
 */
export type PageReference =
  { kind: "label"; label: string; physical: boolean } | { kind: "first" | "last" | "cover" };

export type SectionKind = "section" | "chapter" | "appendix" | "part" | "table" | "figure";

/**
 * A part of the document: by number or letter ("section 3.2", "appendix B"), or by what it is
 * about ("the section on warranty": `topic`, the words after "on").
 */
export type SectionReference =
  { kind: SectionKind; label: string } | { kind: "topic"; words: string };

/**
 * What the question asks of the document as a whole. `outline`: its structure ("how many
 * appendices", "what chapters", "the table of contents"), with the kind of part asked about, or
 * null for all of them. `summary`: a summary of the document or of the referenced sections.
 * `count`/`list`: items found throughout the document ("how many exercises", "list the countries").
 */
export type WholeDocumentIntent =
  | { kind: "outline"; of: Exclude<SectionKind, "table" | "figure"> | null; count: boolean }
  | { kind: "summary" }
  | { kind: "count" | "list"; item: string };

export interface QuestionReferences {
  pages: PageReference[];
  sections: SectionReference[];
  intent: WholeDocumentIntent | null;
  /** The question with its page references taken out: what full-text search still looks for. */
  remainder: string;
}

const NUMBER_WORDS: Record<string, string> = {
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  twelve: "12",
};
const ORDINALS: Record<string, string> = {
  first: "1",
  second: "2",
  third: "3",
  fourth: "4",
  fifth: "5",
  sixth: "6",
  seventh: "7",
  eighth: "8",
  ninth: "9",
  tenth: "10",
};
const ROMAN = /^(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$/;
/** A page label as typed: digits, or a lower-case roman numeral. */
const LABEL = String.raw`(\d{1,5}|[ivxlc]{1,7})`;
const DASH = String.raw`\s*(?:-|–|—|to|through|thru)\s*`;
/** At most this many pages come from one range ("pp. 3–7"); a longer range is a broad hint, not a page list. */
const MAX_RANGE = 30;

const PAGE_RANGE = new RegExp(
  String.raw`\b(?:(physical|pdf)\s+)?(?:pages?|pp?\.|pgs?\.?)\s*${LABEL}\b(?:${DASH}${LABEL}\b)?((?:\s*(?:,|and|&)\s*${LABEL}\b)*)`,
  "giu",
);
const ORDINAL_PAGE = new RegExp(
  String.raw`\b(?:the\s+)?(\d{1,4})(?:st|nd|rd|th)\s+page\b|\b(?:the\s+)?(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+page\b`,
  "giu",
);
const FIRST_LAST = /\b(?:the\s+)?(first|last|final|opening)\s+page\b/giu;
/** "the appendix" with no letter or number: the document's appendix, found by its heading. */
const BARE_APPENDIX = /\bthe\s+(appendix|annex)\b(?!\s+(?:[A-Z]|\d{1,2}|[ivxlc]{1,6})\b)/iu;
/**
 * Who wrote, edited or published the document itself: what its title page says, so such a
 * question reads the cover page first ("Who are the authors of this guide?").
 */
const FRONT_MATTER =
  /\b(?:who\s+(?:wrote|authored|edited|published|issued)|(?:authors?|editors?|publishers?)\s+of|(?:written|authored|edited|published|issued)\s+by)\s+(?:this|the)\s+(?:guide|document|manual|book|handbook|report|paper|article|booklet|brochure|opinion|filing|thesis|file|text)\b/iu;
/** "cover" alone is mostly a verb ("does the warranty cover"): only "the cover", "cover page", "title page", "front page". */
const COVER =
  /\bon\s+the\s+(?:front\s+)?cover\b|\b(?:the\s+)?(?:front\s+)?(?:cover|title)\s+(?:page|sheet)\b|\bthe\s+(?:front\s+)?cover\b(?!\s+(?:letter|of)\b)|\b(?:the\s+)?front\s+page\b/giu;

const SECTION_PATTERNS: [RegExp, SectionKind][] = [
  [
    /(?:\bsection|\bsect\.|\bsec\.|§)\s*(\d{1,3}(?:\.\d{1,3})*|[A-Z](?:\.\d{1,3})+)\b/giu,
    "section",
  ],
  [
    /\bchapter\s+(\d{1,3}|[ivxlc]{1,6}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/giu,
    "chapter",
  ],
  [/\b(?:appendix|annex|annexe)\s+([A-Z]|\d{1,2})\b/giu, "appendix"],
  [/\bpart\s+(\d{1,2}|[ivxlc]{1,6}|one|two|three|four|five|six)\b(?!\s+of\b)/giu, "part"],
  [/\btable\s+(\d{1,3}(?:[.-]\d{1,3})?|[A-Z](?:[.-]\d{1,3})+)\b/giu, "table"],
  [/\b(?:figure|fig\.)\s*(\d{1,3}(?:[.-]\d{1,3})?|[A-Z](?:[.-]\d{1,3})+)\b/giu, "figure"],
];
const TOPIC =
  /\b(?:the\s+)?(?:part|section|chapter|appendix|annex|passage)\s+(?:on|about|covering|called|titled|entitled|named|dealing with)\s+(?:the\s+)?([^?.;:!]{3,80})/iu;
const TOPIC_BEFORE =
  /\bthe\s+((?:[\p{L}\p{N}-]+\s+){0,4}[\p{L}\p{N}-]+)\s+(?:section|part|chapter)\b/iu;
const TOPIC_TAIL =
  /\s+(?:say|says|said|state|states|mention|mentions|contain|contains|describe|describes|explain|explains|require|requires|list|lists|show|shows|tell|tells|cover|covers|is|are|was|were|do|does)\b.*$/iu;
const NOT_A_TOPIC = new Set([
  "first",
  "last",
  "next",
  "previous",
  "same",
  "other",
  "whole",
  "this",
  "that",
  "final",
  "main",
  "following",
]);

const KINDS = String.raw`(appendices|appendixes|appendix|annexes|annexe|annex|chapters?|sections?|parts?)`;
const OUTLINE_Q = [
  new RegExp(String.raw`^\s*how\s+many\s+${KINDS}\b`, "iu"),
  new RegExp(
    String.raw`^\s*(?:what|which)\s+(?:are\s+the\s+)?${KINDS}\s+(?:are\s+there|does|do|are\s+in|are\s+included|exist|has|have)\b`,
    "iu",
  ),
  new RegExp(
    String.raw`^\s*(?:list|name|give|show)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+)?${KINDS}\b`,
    "iu",
  ),
  new RegExp(String.raw`^\s*what\s+are\s+the\s+${KINDS}\b`, "iu"),
];
const WHOLE_OUTLINE = /\btable\s+of\s+contents\b|\boutline\b|\bstructure\s+of\b/iu;
const SUMMARY =
  /^\s*(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:summari[sz]e|give\s+(?:me\s+)?(?:a|an)\s+(?:summary|overview))\b|\b(?:summary|overview)\s+of\s+(?:this|the)\b|\bwhat\s+is\s+(?:this|the)\s+(?:document|file|report|paper|manual|book|guide)\s+about\b|\btl;?dr\b/iu;
const COUNT = /^\s*how\s+many\s+([\p{L}-]+)/iu;
const LIST =
  /^\s*(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:list|enumerate)\s+(?:all\s+|every\s+|each\s+)?(?:of\s+)?(?:the\s+)?([\p{L}-]+)/iu;

function pageRef(label: string, physical: boolean): PageReference {
  return { kind: "label", label: label.toLowerCase(), physical };
}

function isLabel(s: string): boolean {
  return /^\d+$/.test(s) || ROMAN.test(s.toLowerCase());
}

/** The page references of a question, and the question without them. */
function parsePages(question: string): { pages: PageReference[]; remainder: string } {
  const pages: PageReference[] = [];
  let remainder = question.replace(
    PAGE_RANGE,
    (match, kind: string | undefined, from: string, to: string | undefined, more: string) => {
      const physical = kind !== undefined;
      // "the page I read" is not page i.
      if (from === "I" || !isLabel(from) || (to !== undefined && !isLabel(to))) return match;
      const a = Number(from);
      const b = to === undefined ? NaN : Number(to);
      if (to !== undefined && Number.isInteger(a) && Number.isInteger(b) && b >= a) {
        for (let p = a; p <= Math.min(b, a + MAX_RANGE - 1); p++)
          pages.push(pageRef(String(p), physical));
      } else {
        pages.push(pageRef(from, physical));
        if (to !== undefined) pages.push(pageRef(to, physical));
      }
      for (const extra of more.matchAll(new RegExp(LABEL, "giu")))
        if (extra[1] !== undefined && isLabel(extra[1])) pages.push(pageRef(extra[1], physical));
      return " ";
    },
  );
  remainder = remainder.replace(
    ORDINAL_PAGE,
    (_, n: string | undefined, word: string | undefined) => {
      pages.push(pageRef(n ?? ORDINALS[(word ?? "").toLowerCase()] ?? "1", true));
      return " ";
    },
  );
  remainder = remainder.replace(FIRST_LAST, (_, which: string) => {
    pages.push({ kind: /^(?:first|opening)$/i.test(which) ? "first" : "last" });
    return " ";
  });
  remainder = remainder.replace(COVER, (match, which: string) => {
    // "title" alone is a common word ("the title of the report"): only "title page" counts.
    if (/^title$/i.test(which) && !/\s(?:page|sheet)$/i.test(match)) return match;
    pages.push({ kind: "cover" });
    return " ";
  });
  // Its words stay: they say what to look for on that page.
  if (FRONT_MATTER.test(question) && !pages.some((p) => p.kind === "cover"))
    pages.push({ kind: "cover" });
  return { pages, remainder };
}

function parseSections(question: string): SectionReference[] {
  const sections: SectionReference[] = [];
  for (const [pattern, kind] of SECTION_PATTERNS) {
    for (const m of question.matchAll(pattern)) {
      const raw = m[1] ?? "";
      const label = NUMBER_WORDS[raw.toLowerCase()] ?? raw;
      sections.push({ kind, label });
    }
  }
  // "the section on documentation needed for development say ..." -> "documentation needed for
  // development" (the whole name: the outline match weighs its first words most); "countries in
  // the safety notices part" -> "safety notices" (the words right before "part" name it).
  const after = TOPIC.exec(question)?.[1]?.replace(TOPIC_TAIL, "").trim();
  const words =
    after ??
    TOPIC_BEFORE.exec(question)?.[1]
      ?.split(/\b(?:the|in|of|on|for|to|from|with)\s+/iu)
      .pop()
      ?.trim();
  if (words !== undefined && !NOT_A_TOPIC.has(words.toLowerCase().split(/\s+/)[0] ?? ""))
    sections.push({ kind: "topic", words });
  else if (sections.length === 0) {
    const appendix = BARE_APPENDIX.exec(question)?.[1];
    if (appendix !== undefined) sections.push({ kind: "topic", words: appendix.toLowerCase() });
  }
  return sections;
}

function outlineKind(word: string): Exclude<SectionKind, "table" | "figure"> {
  const w = word.toLowerCase();
  if (w.startsWith("append") || w.startsWith("annex")) return "appendix";
  if (w.startsWith("chapter")) return "chapter";
  if (w.startsWith("part")) return "part";
  return "section";
}

function parseIntent(question: string, sections: SectionReference[]): WholeDocumentIntent | null {
  if (SUMMARY.test(question)) return { kind: "summary" };
  const named = sections.some((s) => s.kind !== "topic");
  if (!named) {
    for (const pattern of OUTLINE_Q) {
      const kind = pattern.exec(question)?.[1];
      if (kind !== undefined)
        return {
          kind: "outline",
          of: outlineKind(kind),
          count: /^\s*how\s+many\b/iu.test(question),
        };
    }
    if (WHOLE_OUTLINE.test(question)) return { kind: "outline", of: null, count: false };
  }
  const count = COUNT.exec(question)?.[1];
  if (count !== undefined) return { kind: "count", item: count };
  const list = LIST.exec(question)?.[1];
  if (list !== undefined) return { kind: "list", item: list };
  return null;
}

export function parseReferences(question: string): QuestionReferences {
  const { pages, remainder } = parsePages(question);
  const sections = parseSections(remainder);
  return { pages, sections, intent: parseIntent(question, sections), remainder };
}

/** Whether the question refers to any page or part of a document. */
export function hasReferences(refs: QuestionReferences): boolean {
  return refs.pages.length > 0 || refs.sections.length > 0 || refs.intent !== null;
}
