/**
 * OpenDocument spreadsheets (.ods): each table:table a sheet, cells as displayed (their text:p),
 * repeated rows and columns expanded only when they hold something (a sheet's trailing million
 * empty rows are one repeated element and cost nothing).
 */
import type { BoundedZipReader } from "../readZip";
import { part, requiredPart } from "./officeZip";
import { sheetPage } from "./sheetPage";
import type { ParsedFormat, SheetRows } from "./types";
import { firstElementText, localName, xmlTokens } from "./xmlTokens";

/** Repeats of a row or cell that holds text, beyond which the copies add nothing to search. */
const MAX_REPEAT = 1000;
const MAX_COLUMNS = 16_384;

export function odsSheets(xml: string): SheetRows[] {
  const sheets: SheetRows[] = [];
  let sheet: SheetRows | null = null;
  let rowNo = 0;
  let rowRepeat = 1;
  let cells: string[] = [];
  let col = 0;
  let cell: { text: string; repeat: number; paras: number } | null = null;
  let skip = 0;
  const endCell = (): void => {
    if (cell === null) return;
    const value = cell.text.trim();
    if (value === "") col += cell.repeat;
    else
      for (let i = 0; i < Math.min(cell.repeat, MAX_REPEAT) && col < MAX_COLUMNS; i++)
        cells[col++] = value;
    cell = null;
  };
  for (const t of xmlTokens(xml)) {
    if (t.kind === "text") {
      if (cell !== null && skip === 0 && cell.paras > 0) cell.text += t.text;
      continue;
    }
    const name = localName(t.name);
    if (t.kind === "open") {
      if (name === "annotation") {
        if (!t.selfClosing) skip++;
      } else if (name === "table" && t.name.startsWith("table:")) {
        sheet = { name: t.attrs["table:name"] ?? `Sheet${sheets.length + 1}`, rows: [] };
        sheets.push(sheet);
        rowNo = 0;
      } else if (name === "table-row") {
        rowRepeat = Math.max(1, Number(t.attrs["table:number-rows-repeated"] ?? 1) || 1);
        cells = [];
        col = 0;
        if (t.selfClosing) rowNo += rowRepeat;
      } else if (name === "table-cell" || name === "covered-table-cell") {
        cell = {
          text: "",
          repeat: Math.max(1, Number(t.attrs["table:number-columns-repeated"] ?? 1) || 1),
          paras: 0,
        };
        if (t.selfClosing) endCell();
      } else if (cell !== null && skip === 0) {
        if (name === "p" && !t.selfClosing) {
          if (cell.paras > 0 || cell.text !== "") cell.text += "\n";
          cell.paras++;
        } else if (name === "s") cell.text += " ";
        else if (name === "tab") cell.text += "\t";
        else if (name === "line-break") cell.text += "\n";
      }
      continue;
    }
    if (name === "annotation") skip = Math.max(0, skip - 1);
    else if (name === "p" && cell !== null && skip === 0) cell.paras--;
    else if (name === "table-cell" || name === "covered-table-cell") endCell();
    else if (name === "table-row" && sheet !== null) {
      if (cells.some((c) => c !== undefined && c !== "")) {
        for (let i = 0; i < cells.length; i++) cells[i] ??= "";
        for (let i = 0; i < Math.min(rowRepeat, MAX_REPEAT); i++)
          sheet.rows.push({ row: rowNo + i + 1, cells: [...cells] });
      }
      rowNo += rowRepeat;
    }
  }
  return sheets;
}

export function parseOds(zip: BoundedZipReader): ParsedFormat {
  const sheets = odsSheets(requiredPart(zip, "content.xml"));
  const title = firstElementText(part(zip, "meta.xml"), "title");
  return {
    format: "ods",
    title,
    pages: sheets.map((s, i) => sheetPage(s, i + 1)),
    attachments: [],
    notes: [],
  };
}
