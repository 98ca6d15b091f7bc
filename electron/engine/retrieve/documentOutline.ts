/**
 * A document's outline, read from its passages' heading paths. The importer derives those paths
 * from the PDF's own outline (bookmarks, with their destination pages) where it has one, and from
 * detected headings otherwise, so the outline needs no separate store: every level of every
 * heading path, in reading order, with the pages its section spans.
 */
import type { Passage } from "../../../shared/types";
import { HEADING_SEPARATOR } from "../store/rows";
import type { SectionKind } from "./parseReferences";

export interface OutlineEntry {
  /** The heading as printed, e.g. "B.3 Paper size". */
  title: string;
  /** 1 for top-level headings. */
  level: number;
  /** The heading path down to this entry. */
  path: string[];
  /** Physical pages the section spans (its subsections included). */
  page: number;
  pageEnd: number;
  pageLabel: string | null;
  /** Index of the section's first and one past its last passage in reading order. */
  from: number;
  to: number;
}

/** Outline entries in reading order; `passages` must be the whole document in reading order. */
export function documentOutline(passages: readonly Passage[]): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  const open: OutlineEntry[] = [];
  passages.forEach((p, i) => {
    const path = p.heading === "" ? [] : p.heading.split(HEADING_SEPARATOR);
    // Close the open sections this passage is no longer under.
    let depth = 0;
    while (depth < open.length && depth < path.length && open[depth]?.title === path[depth])
      depth++;
    open.length = depth;
    for (let level = depth; level < path.length; level++) {
      const entry: OutlineEntry = {
        title: path[level] ?? "",
        level: level + 1,
        path: path.slice(0, level + 1),
        page: p.page,
        pageEnd: p.pageEnd,
        pageLabel: p.pageLabel,
        from: i,
        to: i + 1,
      };
      entries.push(entry);
      open.push(entry);
    }
    for (const entry of open) {
      entry.to = i + 1;
      entry.pageEnd = Math.max(entry.pageEnd, p.pageEnd);
    }
  });
  return entries;
}

const ROMAN_VALUES: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

/** "iv" -> "4"; anything else unchanged. */
function fromRoman(label: string): string {
  const s = label.toLowerCase();
  if (!/^[ivxlc]+$/.test(s)) return label;
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN_VALUES[s[i] ?? ""] ?? 0;
    const next = ROMAN_VALUES[s[i + 1] ?? ""] ?? 0;
    total += v < next ? -v : v;
  }
  return String(total);
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The entries a numbered reference names, best first: "section 3.2" -> "3.2 Title", "chapter 4"
 * -> "Chapter 4 …" or a top-level "4 Title", "appendix B" -> "Appendix B …" or a top-level
 * "B Title". Tables and figures are captions in the text, not outline entries (see findCaptions).
 */
export function findSections(
  outline: readonly OutlineEntry[],
  kind: Exclude<SectionKind, "table" | "figure">,
  label: string,
): OutlineEntry[] {
  const labels = [...new Set([label, fromRoman(label)])].map(escape).join("|");
  const word: Record<typeof kind, string> = {
    section: "(?:section|sect\\.|§)",
    chapter: "chapter",
    appendix: "(?:appendix|annexe?)",
    part: "part",
  };
  const named = new RegExp(`^\\s*${word[kind]}\\s*(?:${labels})(?![\\p{L}\\p{N}]|\\.\\d)`, "iu");
  const numbered = new RegExp(`^\\s*(?:${labels})(?:\\.|:)?(?:\\s|$)`, "iu");
  const byName = outline.filter((e) => named.test(e.title));
  if (byName.length > 0) return byName;
  // A bare number or letter: "3.2 Title" is section 3.2 at any level; "4 Title" is chapter 4
  // (or appendix B for "B Title") only at the top level.
  const byNumber = outline.filter(
    (e) =>
      numbered.test(e.title) &&
      (kind === "section" ? label.includes(".") || e.level === 1 : e.level === 1),
  );
  if (byNumber.length > 0 || label.includes(".")) return byNumber;
  // LaTeX's bookmarks often leave the letter or number off a chapter or appendix ("Example model
  // description") while its subsections keep it ("E.1 Model description"): the top-level entry
  // whose first subsection is numbered label.1.
  const firstChild = new RegExp(`^\\s*(?:${labels})\\.1(?![\\p{N}])`, "iu");
  return outline.filter((e, i) => {
    const next = outline[i + 1];
    return e.level === 1 && next?.level === 2 && firstChild.test(next.title);
  });
}

/** Which outline kind an entry's title says it is. */
export function entryKind(entry: OutlineEntry): Exclude<SectionKind, "table" | "figure"> {
  if (/^\s*(?:appendix|annexe?)\b/iu.test(entry.title)) return "appendix";
  if (/^\s*chapter\b/iu.test(entry.title)) return "chapter";
  if (/^\s*part\b/iu.test(entry.title)) return "part";
  // A top-level "B Title" or "B.1 Title" in a numbered document is an appendix.
  if (/^\s*[A-Z](?:\.\d+)*\s+\p{Lu}/u.test(entry.title) && entry.level === 1) return "appendix";
  return entry.level === 1 ? "chapter" : "section";
}

/** Indexes of passages holding a caption such as "Table 2" (a caption line first, then mentions). */
export function findCaptions(
  passages: readonly Passage[],
  kind: "table" | "figure",
  label: string,
): number[] {
  const word = kind === "table" ? "table" : "(?:figure|fig\\.)";
  const caption = new RegExp(`(?:^|\\n)\\s*${word}\\s*${escape(label)}(?![\\p{N}]|\\.\\d)`, "iu");
  const mention = new RegExp(`\\b${word}\\s*${escape(label)}(?![\\p{N}]|\\.\\d)`, "iu");
  const captions: number[] = [];
  const mentions: number[] = [];
  passages.forEach((p, i) => {
    if (caption.test(p.text)) captions.push(i);
    else if (mention.test(p.text)) mentions.push(i);
  });
  return [...captions, ...mentions];
}
