/**
 * Citation markers in answer text: [1], [1, 3], [2-4], [1][2]. Pure helpers shared by the engine
 * (which drops markers that point nowhere) and the renderer (which turns markers into links).
 */

/** One bracket group of numbers and ranges, e.g. "[1, 3-4]". Ranges may use - or –. */
const MARKER_RE = /\[(\d{1,3}(?:\s*[-–]\s*\d{1,3})?(?:\s*,\s*\d{1,3}(?:\s*[-–]\s*\d{1,3})?)*)\]/g;
const RANGE_RE = /^(\d+)\s*[-–]\s*(\d+)$/;
/** A range longer than this is not a citation (e.g. "[1-2000]" in code). */
const MAX_RANGE = 20;

export interface MarkerMatch {
  /** Offset of "[" in the text. */
  start: number;
  /** Offset just past "]". */
  end: number;
  /** Source numbers in order, ranges expanded, duplicates removed. */
  numbers: number[];
}

/** Expands "1, 3-4" to [1, 3, 4]; returns [] when a range is reversed or too long. */
export function parseMarkerNumbers(inner: string): number[] {
  const out: number[] = [];
  for (const part of inner.split(",")) {
    const piece = part.trim();
    const range = RANGE_RE.exec(piece);
    if (range !== null) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (to < from || to - from > MAX_RANGE) return [];
      for (let n = from; n <= to; n++) if (!out.includes(n)) out.push(n);
    } else {
      const n = Number(piece);
      if (!out.includes(n)) out.push(n);
    }
  }
  return out;
}

/** Every marker group in the text, in order. */
export function findMarkers(text: string): MarkerMatch[] {
  const out: MarkerMatch[] = [];
  for (const m of text.matchAll(MARKER_RE)) {
    const numbers = parseMarkerNumbers(m[1] ?? "");
    if (numbers.length > 0) out.push({ start: m.index, end: m.index + m[0].length, numbers });
  }
  return out;
}

/** Writes numbers back as a marker, compacting runs: [1, 2, 3, 5] -> "[1-3, 5]". */
export function formatMarker(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}-${sorted[j]}` : sorted.slice(i, j + 1).join(", "));
    i = j + 1;
  }
  return `[${parts.join(", ")}]`;
}

export interface CleanedMarkers {
  text: string;
  /** Valid source numbers cited, in order of first appearance. */
  cited: number[];
  /** How many marker numbers pointed to no source and were removed. */
  dropped: number;
}

/**
 * Removes marker numbers for which `isValid` is false; a group left empty disappears with the
 * space before it, so "works [9]." reads "works.".
 */
export function cleanMarkers(text: string, isValid: (n: number) => boolean): CleanedMarkers {
  const cited: number[] = [];
  let dropped = 0;
  let out = "";
  let last = 0;
  for (const m of findMarkers(text)) {
    const keep = m.numbers.filter((n) => isValid(n));
    dropped += m.numbers.length - keep.length;
    for (const n of keep) if (!cited.includes(n)) cited.push(n);
    let before = text.slice(last, m.start);
    if (keep.length === 0) before = before.replace(/[ \t]+$/, "");
    out +=
      before +
      (keep.length === 0
        ? ""
        : keep.length === m.numbers.length
          ? text.slice(m.start, m.end)
          : formatMarker(keep));
    last = m.end;
  }
  out += text.slice(last);
  return { text: out, cited, dropped };
}

/** What a source is called in prompts, answers and exports: "R-admin, p. 12 (printed 10), 2.3 Paper size". */
export function sourceLabel(source: {
  title: string;
  page: number;
  pageEnd?: number;
  pageLabel: string | null;
  heading: string;
}): string {
  const pages =
    source.pageEnd !== undefined && source.pageEnd !== source.page
      ? `pp. ${source.page}-${source.pageEnd}`
      : `p. ${source.page}`;
  const printed =
    source.pageLabel !== null && source.pageLabel !== "" && source.pageLabel !== String(source.page)
      ? ` (printed ${source.pageLabel})`
      : "";
  const section = source.heading !== "" ? `, ${source.heading}` : "";
  return `${source.title}, ${pages}${printed}${section}`;
}
