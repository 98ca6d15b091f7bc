/** Words as the full-text index's word tokenizer sees them: runs of letters and digits, lower-cased, accents folded. */
export function wordTokens(text: string): string[] {
  const lower = text.toLowerCase();
  // Folding accents (as the index's ascii folding does) is only needed, and only paid for, off ASCII.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(lower)) return lower.match(/[a-z0-9]+/g) ?? [];
  return (
    lower
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}
