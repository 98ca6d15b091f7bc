/**
 * Excel workbooks (.xlsx) read from their XML through the capped zip reader: sheets in workbook
 * order, cells as displayed values (shared and inline strings, numbers, booleans, dates from
 * date-formatted numbers), each sheet one page (see sheetPage).
 */
import type { BoundedZipReader } from "../readZip";
import { part, relationships, requiredPart } from "./officeZip";
import { sheetPage } from "./sheetPage";
import type { ParsedFormat, SheetRows } from "./types";
import { firstElementText, localName, xmlTokens } from "./xmlTokens";

/** Built-in number formats that show a date or time (ECMA-376 18.8.30). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

function sharedStrings(zip: BoundedZipReader): string[] {
  const out: string[] = [];
  let cur: string | null = null;
  let inText = false;
  let phonetic = 0;
  for (const t of xmlTokens(part(zip, "xl/sharedStrings.xml"))) {
    const name = t.kind === "text" ? "" : localName(t.name);
    if (t.kind === "open" && name === "si") cur = "";
    else if (t.kind === "close" && name === "si") {
      out.push(cur ?? "");
      cur = null;
    } else if (t.kind === "open" && name === "rPh" && !t.selfClosing) phonetic++;
    else if (t.kind === "close" && name === "rPh") phonetic--;
    else if (t.kind === "open" && name === "t") inText = !t.selfClosing;
    else if (t.kind === "close" && name === "t") inText = false;
    else if (t.kind === "text" && inText && cur !== null && phonetic === 0) cur += t.text;
  }
  return out;
}

/** For each cell style index, whether it shows numbers as dates. */
function dateStyles(zip: BoundedZipReader): boolean[] {
  const custom = new Map<number, string>();
  const out: boolean[] = [];
  let inXfs = false;
  for (const t of xmlTokens(part(zip, "xl/styles.xml"))) {
    if (t.kind === "text") continue;
    const name = localName(t.name);
    if (t.kind === "open" && name === "numFmt")
      custom.set(Number(t.attrs.numFmtId), t.attrs.formatCode ?? "");
    else if (name === "cellXfs") inXfs = t.kind === "open" && !t.selfClosing;
    else if (t.kind === "open" && name === "xf" && inXfs) {
      const id = Number(t.attrs.numFmtId ?? 0);
      // Quoted text and [colour] / [$-locale] sections are not date letters.
      const code = (custom.get(id) ?? "").replace(/"[^"]*"|\[[^\]]*\]|\\./g, "");
      out.push(DATE_FORMAT_IDS.has(id) || /[dy]/i.test(code) || /h+:m/i.test(code));
    }
  }
  return out;
}

/** An Excel serial day number (1900 date system) as an ISO date, with the time when it has one. */
export function excelDate(serial: number): string {
  const ms = Math.round((serial - 25569) * 86_400_000);
  const iso = new Date(ms).toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 16).replace("T", " ");
}

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.toUpperCase()) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function sheetRows(xml: string, name: string, strings: string[], dates: boolean[]): SheetRows {
  const rows: SheetRows["rows"] = [];
  let row: { row: number; cells: string[] } | null = null;
  let cell: { col: number; type: string; style: number } | null = null;
  let value = "";
  let inValue = false;
  let nextCol = 0;
  for (const t of xmlTokens(xml)) {
    if (t.kind === "text") {
      if (inValue) value += t.text;
      continue;
    }
    const tag = localName(t.name);
    if (tag === "row" && t.kind === "open") {
      row = { row: Number(t.attrs.r ?? (rows.at(-1)?.row ?? 0) + 1), cells: [] };
      nextCol = 0;
      if (t.selfClosing) row = null;
    } else if (tag === "row" && t.kind === "close") {
      if (row !== null) rows.push(row);
      row = null;
    } else if (tag === "c" && t.kind === "open") {
      const col = t.attrs.r !== undefined ? columnIndex(t.attrs.r) : nextCol;
      nextCol = col + 1;
      cell = { col, type: t.attrs.t ?? "n", style: Number(t.attrs.s ?? 0) };
      value = "";
      if (t.selfClosing) cell = null;
    } else if (tag === "c" && t.kind === "close") {
      if (cell !== null && row !== null && cell.col >= 0 && cell.col < 16_384)
        row.cells[cell.col] = display(cell, value, strings, dates);
      cell = null;
    } else if ((tag === "v" || tag === "t") && cell !== null) {
      // Inline strings keep their text in <is><t>; everything else in <v>. A formula's <f> is skipped.
      inValue = t.kind === "open" && !t.selfClosing;
    }
  }
  for (const r of rows) for (let i = 0; i < r.cells.length; i++) r.cells[i] ??= "";
  return { name, rows };
}

function display(
  cell: { type: string; style: number },
  value: string,
  strings: string[],
  dates: boolean[],
): string {
  switch (cell.type) {
    case "s":
      return strings[Number(value)] ?? "";
    case "b":
      return value === "1" ? "TRUE" : value === "0" ? "FALSE" : value;
    case "n": {
      const n = Number(value);
      return value !== "" && Number.isFinite(n) && dates[cell.style] === true
        ? excelDate(n)
        : value;
    }
    default:
      return value;
  }
}

export function parseXlsx(zip: BoundedZipReader): ParsedFormat {
  const workbook = requiredPart(zip, "xl/workbook.xml");
  const rels = relationships(zip, "xl/workbook.xml");
  const strings = sharedStrings(zip);
  const dates = dateStyles(zip);
  const pages = [];
  for (const t of xmlTokens(workbook)) {
    if (t.kind !== "open" || localName(t.name) !== "sheet") continue;
    const id = t.attrs["r:id"] ?? Object.entries(t.attrs).find(([k]) => k.endsWith(":id"))?.[1];
    const target = id === undefined ? undefined : rels.get(id)?.target;
    // Chart sheets and dialog sheets have no cells.
    if (target === undefined || !target.includes("worksheets/")) continue;
    const rows = sheetRows(requiredPart(zip, target), t.attrs.name ?? "", strings, dates);
    pages.push(sheetPage(rows, pages.length + 1));
  }
  const title = firstElementText(part(zip, "docProps/core.xml"), "title");
  return { format: "xlsx", title, pages, attachments: [], notes: [] };
}
