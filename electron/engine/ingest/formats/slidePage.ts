/** One slide as one page: its title, its other text, then its speaker notes, under a "Slide n" heading. */
import type { ParsedPage } from "../types";

export interface SlideText {
  title: string[];
  body: string[];
  notes: string[];
}

export const NOTES_LINE = "Speaker notes:";

export function slidePage(n: number, slide: SlideText): ParsedPage {
  const title = slide.title.join(" ").replace(/\s+/g, " ").trim();
  const lines = [...(title === "" ? [] : [title]), ...slide.body];
  if (slide.notes.length > 0) lines.push("", NOTES_LINE, ...slide.notes);
  const heading = title === "" ? `Slide ${n}` : `Slide ${n}: ${title}`;
  return {
    page: n,
    text: lines.join("\n"),
    label: null,
    headings: [{ offset: 0, level: 1, text: heading }],
  };
}
