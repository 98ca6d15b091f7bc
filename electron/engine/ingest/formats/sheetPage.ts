/**
 * One sheet as one page: each row a line that names its columns ("Serial: A-113, Item: radio"),
 * so a row read alone still means something, under headings that give the sheet and row range
 * ("Sheet 'Inventory', rows 120–160"). Every heading starts a passage, so a citation of a large
 * sheet points at its rows.
 */
import type { HeadingMark, ParsedPage } from "../types";
import type { SheetRows } from "./types";

/** Characters of rendered rows under one heading: one passage at the chunker's default sizes. */
const BLOCK_CHARS = 1000;

/** "A", "B", … "Z", "AA": the column's letter name. */
export function columnName(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const NUMBER = /^[-+]?[\d.,\s%$€£]+$/;

/** A first row of short labels, none of them a number, reads as column names. */
function isHeaderRow(cells: string[]): boolean {
  const filled = cells.filter((c) => c.trim() !== "");
  return (
    filled.length > 0 &&
    filled.every((c) => c.length <= 80 && !NUMBER.test(c.trim())) &&
    new Set(filled.map((c) => c.trim().toLowerCase())).size === filled.length
  );
}

const oneLine = (s: string): string => s.replace(/\s+/g, " ").trim();

export function sheetPage(sheet: SheetRows, page: number): ParsedPage {
  const rows = sheet.rows.filter((r) => r.cells.some((c) => c.trim() !== ""));
  const first = rows[0];
  const hasHeader = first !== undefined && rows.length > 1 && isHeaderRow(first.cells);
  const names = hasHeader ? first.cells.map(oneLine) : [];
  const body = hasHeader ? rows.slice(1) : rows;
  const label = `Sheet '${sheet.name}'`;
  const lines: string[] = [];
  const headings: HeadingMark[] = [];
  let offset = 0;
  let block: { start: number; from: number; to: number; chars: number; index: number } | null =
    null;
  const close = (): void => {
    if (block === null) return;
    const range = block.from === block.to ? `row ${block.from}` : `rows ${block.from}–${block.to}`;
    headings[block.index] = { offset: block.start, level: 1, text: `${label}, ${range}` };
    block = null;
  };
  for (const r of body) {
    const line = r.cells
      .map((c, i) => [names[i] || columnName(i), oneLine(c)] as const)
      .filter(([, v]) => v !== "")
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ");
    if (block !== null && block.chars + line.length > BLOCK_CHARS) close();
    if (block === null)
      block = { start: offset, from: r.row, to: r.row, chars: 0, index: headings.length++ };
    block.to = r.row;
    block.chars += line.length + 1;
    lines.push(line);
    offset += line.length + 1;
  }
  close();
  if (headings.length === 0 && hasHeader) headings.push({ offset: 0, level: 1, text: label });
  const text = body.length > 0 ? lines.join("\n") : names.join(", ");
  return { page, text, label: null, headings };
}
