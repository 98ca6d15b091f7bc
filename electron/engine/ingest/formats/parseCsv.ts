/**
 * CSV and other delimited text as one sheet: decoded like any text file (BOM, UTF-8, legacy
 * encodings), the delimiter guessed from the first line (comma, semicolon, tab or pipe), quoted
 * fields per RFC 4180 (doubled quotes, line breaks inside quotes).
 */
import { basename, extname } from "node:path";
import { decodeText, looksBinary } from "../decodeText";
import { sheetPage } from "./sheetPage";
import type { ParsedFormat } from "./types";

const DELIMITERS = [",", ";", "\t", "|"];

/** The delimiter that splits the first line (outside quotes) most often; comma when none does. */
export function guessDelimiter(text: string): string {
  const line = text.slice(0, Math.min(text.length, 64 * 1024)).split("\n", 1)[0] ?? "";
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ",";
  for (const [d, n] of counts) if (n > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Splits delimited text into rows of fields. */
export function csvRows(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** "binary" when the decoded file is not text (the caller refuses it, as for any text file). */
export function parseCsv(path: string, bytes: Uint8Array): ParsedFormat | "binary" {
  const decoded = decodeText(bytes);
  if (looksBinary(decoded.text)) return "binary";
  const rows = csvRows(decoded.text, guessDelimiter(decoded.text));
  const name = basename(path, extname(path));
  const page = sheetPage({ name, rows: rows.map((cells, i) => ({ row: i + 1, cells })) }, 1);
  return { format: "csv", title: "", pages: [page], attachments: [], notes: [] };
}
