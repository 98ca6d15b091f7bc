/**
 * PDFs that carry an encryption dictionary but whose pages are not encrypted: the standard
 * security handler (version 4 or 5) with the Identity crypt filter for streams and strings, which
 * encrypts only embedded files (attachments). pdf.js still asks for the password before opening
 * them, although nothing Enclave reads needs it; poppler (`pdftotext`) opens them as unencrypted.
 *
 * A PDF whose streams or strings are encrypted is never touched here: it opens with an empty user
 * password (pdf.js tries that itself) or stays refused as password-protected.
 */

/** Files up to this size are examined (V8 strings end near 512 MiB). */
const MAX_EXAMINED_BYTES = 256 * 1024 ** 2;

/** Reads the bytes as Latin-1 so offsets in the string are offsets in the file. */
function latin1(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1");
}

/** The trailer's (or cross-reference stream's) /Encrypt key with what follows it: a reference or a direct dictionary. */
const ENCRYPT_KEY = /\/Encrypt(?=\s*(?:\d+\s+\d+\s+R\b|<<))/g;

/** The text of the dictionary starting at `from` ("<<"), nested dictionaries included. */
function dictionaryAt(text: string, from: number): string | null {
  let depth = 0;
  for (let i = from; i < text.length - 1; i++) {
    if (text[i] === "<" && text[i + 1] === "<") {
      depth++;
      i++;
    } else if (text[i] === ">" && text[i + 1] === ">") {
      depth--;
      i++;
      if (depth === 0) return text.slice(from, i + 1);
    }
  }
  return null;
}

/** The last definition of object `num gen` (incremental updates append newer ones), as its dictionary text. */
function objectDictionary(text: string, num: string, gen: string): string | null {
  const re = new RegExp(`(?:^|[^0-9])${num}\\s+${gen}\\s+obj\\b`, "g");
  let last = -1;
  for (const m of text.matchAll(re)) last = m.index + m[0].length;
  if (last < 0) return null;
  const open = text.indexOf("<<", last);
  return open < 0 ? null : dictionaryAt(text, open);
}

/** Every encryption dictionary the file's trailers point at (one per incremental update, usually the same). */
function encryptionDictionaries(text: string): (string | null)[] {
  const found: (string | null)[] = [];
  for (const m of text.matchAll(ENCRYPT_KEY)) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const ref = /^\s*(\d+)\s+(\d+)\s+R/.exec(after);
    found.push(
      ref !== null
        ? objectDictionary(text, ref[1] ?? "", ref[2] ?? "")
        : dictionaryAt(text, text.indexOf("<<", m.index)),
    );
  }
  return found;
}

/** Whether a crypt filter entry (/StmF or /StrF) is absent or Identity, i.e. leaves the data as it is. */
function identityFilter(dict: string, key: "StmF" | "StrF"): boolean {
  const m = new RegExp(`/${key}\\s*/([^\\s/<>\\[\\]()]+)`).exec(dict);
  return m === null || m[1] === "Identity";
}

/**
 * True when the file is encrypted only for its attachments: every encryption dictionary is the
 * standard handler, version 4 or 5, with Identity (or absent) stream and string filters.
 */
export function encryptsOnlyAttachments(data: Uint8Array): boolean {
  // Larger files would not fit one string; they stay refused as password-protected.
  if (data.byteLength > MAX_EXAMINED_BYTES) return false;
  const text = latin1(data);
  const dicts = encryptionDictionaries(text);
  if (dicts.length === 0) return false;
  return dicts.every((d) => {
    if (d === null) return false;
    const version = /\/V\s*(\d+)/.exec(d)?.[1];
    return (
      /\/Filter\s*\/Standard\b/.test(d) &&
      (version === "4" || version === "5") &&
      identityFilter(d, "StmF") &&
      identityFilter(d, "StrF")
    );
  });
}

/**
 * A copy of the file whose trailers no longer name the encryption dictionary (the key is renamed
 * to one readers ignore, keeping every byte offset), so a reader opens it as the unencrypted
 * document it is. Only for files `encryptsOnlyAttachments` accepts.
 */
export function withoutAttachmentEncryption(data: Uint8Array): Uint8Array {
  const copy = new Uint8Array(data);
  const text = latin1(data);
  // "/Encrypt" -> "/Encryp_": same length, so the cross-reference offsets stay right.
  for (const m of text.matchAll(ENCRYPT_KEY)) copy[m.index + "/Encryp".length] = 0x5f;
  return copy;
}
