import type { HeadingMark } from "./types";

const ATX = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_1 = /^ {0,3}=+[ \t]*$/;
const SETEXT_2 = /^ {0,3}-+[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;

/** ATX (`## Title`) and setext (underlined) headings of a Markdown text, skipping fenced code. */
export function markdownHeadings(text: string): HeadingMark[] {
  const marks: HeadingMark[] = [];
  const lines = text.split("\n");
  let offset = 0;
  let fence: string | null = null;
  let prev: { line: string; offset: number; blankBefore: boolean } | null = null;
  let blank = true;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, "");
    const f = FENCE.exec(line);
    if (f !== null) {
      const marker = f[1] ?? "";
      fence = fence === null ? marker : fence === marker ? null : fence;
      prev = null;
    } else if (fence === null) {
      const atx = ATX.exec(line);
      if (atx !== null && (atx[2] ?? "").trim() !== "") {
        const hashes = atx[1] ?? "";
        const title = (atx[2] ?? "").trim();
        const at = line.indexOf(title, line.indexOf(hashes) + hashes.length);
        marks.push({ offset: offset + at, level: hashes.length, text: title });
        prev = null;
      } else if (
        prev !== null &&
        prev.line.trim() !== "" &&
        (SETEXT_1.test(line) || (SETEXT_2.test(line) && prev.blankBefore))
      ) {
        const lead = prev.line.length - prev.line.trimStart().length;
        marks.push({
          offset: prev.offset + lead,
          level: SETEXT_1.test(line) ? 1 : 2,
          text: prev.line.trim(),
        });
        prev = null;
      } else {
        prev = { line, offset, blankBefore: blank };
      }
    }
    blank = line.trim() === "";
    offset += raw.length + 1;
  }
  return marks;
}
