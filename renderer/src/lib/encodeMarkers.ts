/**
 * Citation markers are found in the Markdown source, before parsing, because only there can an
 * escaped bracket (`\[1\]`, how extractive answers quote code such as x[1]) be told from a real
 * marker. Each cited number becomes a private-use sentinel that rehypeAnswer turns into a chip.
 */
import { findMarkers } from "../../../shared/citations";

const OPEN = "\uE000";
const CLOSE = "\uE001";

/** Matches one encoded source number. */
export const encodedMarker = /\uE000(\d{1,3})\uE001/g;

export function encodeMarkers(markdown: string): string {
  let out = "";
  let last = 0;
  for (const m of findMarkers(markdown)) {
    if (m.start > 0 && markdown[m.start - 1] === "\\") continue;
    out += markdown.slice(last, m.start) + m.numbers.map((n) => `${OPEN}${n}${CLOSE}`).join("");
    last = m.end;
  }
  return out + markdown.slice(last);
}

/** Back to plain "[n]" text, for places a chip cannot go (code). */
export function decodeMarkers(text: string): string {
  return text.replace(encodedMarker, "[$1]");
}
