/** How the bytes of a text file were decoded. */
export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/** Windows-1252's characters for bytes 0x80–0x9F (where it differs from Latin-1); unassigned bytes stay C1 controls. */
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/**
 * Node 20's TextDecoder("windows-1252") decodes as Latin-1 (0x80–0x9F become C1 controls instead
 * of €, smart quotes and dashes), so the table is applied here.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const step = 8192;
  for (let i = 0; i < bytes.length; i += step) {
    let s = "";
    const end = Math.min(bytes.length, i + step);
    for (let k = i; k < end; k++) {
      const b = bytes[k] ?? 0;
      s += b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? "") : String.fromCharCode(b);
    }
    parts.push(s);
  }
  return parts.join("");
}

/** UTF-16 without a byte-order mark: most code units of Latin text have one zero byte. */
function guessUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const units = n / 2;
  if (oddZeros > units * 0.4 && evenZeros < units * 0.05) return "utf-16le";
  if (evenZeros > units * 0.4 && oddZeros < units * 0.05) return "utf-16be";
  return null;
}

/**
 * Decodes a text file: a byte-order mark decides (UTF-8, UTF-16LE/BE); otherwise valid UTF-8 is
 * UTF-8, BOM-less UTF-16 is recognised by its zero bytes, and anything else is read as
 * Windows-1252 (a superset of Latin-1), so legacy files import instead of being refused.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8" };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  const utf16 = guessUtf16(bytes);
  if (utf16 !== null) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    // Invalid UTF-8 is the signal for a legacy 8-bit file, not a failure.
    return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
  }
}

/** True when decoded text is mostly control characters, i.e. the file is binary data. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (sample.length === 0) return false;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd)
      control++;
  }
  return control > sample.length * 0.02;
}
