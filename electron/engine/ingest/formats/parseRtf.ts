/**
 * Rich Text Format (.rtf) to plain text: groups, control words for breaks and special characters,
 * \'hh bytes in the document's code page, \uN Unicode with its fallback skipped, and destinations
 * that are not body text (font and colour tables, styles, pictures, objects, field codes) left
 * out. Headings come from the plain-text rule, as for .txt files.
 */
import { detectHeadings } from "../detectHeadings";
import type { ParsedFormat } from "./types";

/** Destinations whose text is not part of the document's body. */
const SKIP_DESTINATIONS = new Set([
  "fonttbl",
  "colortbl",
  "stylesheet",
  "info",
  "pict",
  "object",
  "fldinst",
  "themedata",
  "datastore",
  "latentstyles",
  "listtable",
  "listoverridetable",
  "rsidtbl",
  "generator",
  "xmlnstbl",
  "mmathPr",
  "header",
  "footer",
  "headerl",
  "headerr",
  "headerf",
  "footerl",
  "footerr",
  "footerf",
  "filetbl",
  "revtbl",
  "pgdsctbl",
  "colorschememapping",
  "operator",
  "author",
  "title",
  "subject",
  "keywords",
  "comment",
  "doccomm",
  "company",
  "bkmkstart",
  "bkmkend",
]);

const SPECIAL: Record<string, string> = {
  par: "\n",
  line: "\n",
  sect: "\n\n",
  page: "\n\n",
  row: "\n",
  cell: "\t",
  tab: "\t",
  emdash: "—",
  endash: "–",
  bullet: "•",
  lquote: "‘",
  rquote: "’",
  ldblquote: "“",
  rdblquote: "”",
  emspace: " ",
  enspace: " ",
  qmspace: " ",
  "~": "\u00a0",
  "-": "",
  _: "-",
};

/** A truncated or otherwise unreadable RTF file. */
export class RtfFormatError extends Error {
  override readonly name = "RtfFormatError";
}

/** A label TextDecoder knows for an RTF \\ansicpg number (65001 is UTF-8); windows-1252 otherwise. */
function codePageLabel(n: number): string {
  const label = n === 65001 ? "utf-8" : n === 10000 ? "macintosh" : `windows-${n}`;
  try {
    new TextDecoder(label);
    return label;
  } catch {
    return "windows-1252";
  }
}

interface Group {
  skip: boolean;
  /** \ucN: how many fallback characters follow each \uN. */
  uc: number;
}

export function rtfToText(rtf: string): { text: string; title: string } {
  if (!rtf.startsWith("{\\rtf")) throw new RtfFormatError("it does not start with {\\rtf");
  let codePage = "windows-1252";
  const stack: Group[] = [];
  let group: Group = { skip: false, uc: 1 };
  let out = "";
  let title = "";
  let inTitle = false;
  let bytes: number[] = [];
  let pendingSkip = 0;
  let closedTop = false;
  const flushBytes = (): void => {
    if (bytes.length === 0) return;
    const text = new TextDecoder(codePage, { fatal: false }).decode(Uint8Array.from(bytes));
    bytes = [];
    if (inTitle) title += text;
    else if (!group.skip) out += text;
  };
  const emit = (s: string): void => {
    flushBytes();
    if (inTitle) title += s;
    else if (!group.skip) out += s;
  };
  let i = 0;
  while (i < rtf.length) {
    const ch = rtf[i] as string;
    if (pendingSkip > 0 && ch !== "{" && ch !== "}") {
      // Fallback characters after \uN: a control word or \'hh counts as one.
      pendingSkip--;
      if (ch === "\\") {
        const m = /^\\(?:'[0-9a-fA-F]{2}|[a-zA-Z]+-?\d* ?|.)/.exec(rtf.slice(i, i + 40));
        i += m?.[0].length ?? 1;
      } else i++;
      continue;
    }
    pendingSkip = 0;
    if (ch === "{") {
      flushBytes();
      stack.push(group);
      group = { ...group };
      i++;
    } else if (ch === "}") {
      flushBytes();
      if (inTitle && stack.length > 0) inTitle = false;
      const up = stack.pop();
      if (up === undefined) break;
      group = up;
      i++;
      // The closing brace of the {\rtf1 group ends the document; anything after it is ignored.
      if (stack.length === 0) {
        closedTop = true;
        break;
      }
    } else if (ch === "\\") {
      const m = /^\\([a-zA-Z]+)(-?\d+)? ?|^\\'([0-9a-fA-F]{2})|^\\([\s\S])/.exec(
        rtf.slice(i, i + 64),
      );
      if (m === null) break;
      i += m[0].length;
      if (m[3] !== undefined) {
        bytes.push(parseInt(m[3], 16));
        continue;
      }
      const word = m[1] ?? m[4] ?? "";
      const param = m[2] === undefined ? null : Number(m[2]);
      if (m[4] !== undefined && (word === "\\" || word === "{" || word === "}")) emit(word);
      else if (word === "*") group.skip = true;
      else if (word === "\n" || word === "\r") emit("\n");
      else if (word === "ansicpg" && param !== null) codePage = codePageLabel(param);
      else if (word === "uc" && param !== null) group.uc = param;
      else if (word === "u" && param !== null) {
        emit(String.fromCharCode(param < 0 ? param + 65536 : param));
        pendingSkip = group.uc;
      } else if (word === "title") {
        flushBytes();
        inTitle = true;
        group.skip = true;
      } else if (SKIP_DESTINATIONS.has(word)) group.skip = true;
      else if (SPECIAL[word] !== undefined) emit(SPECIAL[word]);
    } else if (ch === "\r" || ch === "\n") i++;
    else {
      emit(ch);
      i++;
    }
  }
  flushBytes();
  if (!closedTop) throw new RtfFormatError("it ends before its last group closes (truncated)");
  return {
    text: out
      .replace(/[ \t]+\n/g, "\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim(),
    title: title.replace(/\s+/g, " ").trim(),
  };
}

export function parseRtf(bytes: Uint8Array): ParsedFormat {
  // RTF is 7-bit ASCII; latin1 keeps every byte as one character for the \'hh decoding above.
  const { text, title } = rtfToText(Buffer.from(bytes).toString("latin1"));
  const headings = detectHeadings(text, { titleCase: true });
  return {
    format: "rtf",
    title,
    pages: [{ page: 1, text, label: null, headings }],
    attachments: [],
    notes: [],
  };
}
