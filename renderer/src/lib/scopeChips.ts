/** Names for the documents a question is scoped to, as chips and as a phrase in a sentence. */
import type { DocumentInfo } from "../../../shared/types";

export interface ScopeChip {
  id: string;
  /** The document's title (its file name when it has none). */
  name: string;
  /** The file name, "" when the document is no longer in the collection. */
  file: string;
  /** The document was removed from the collection since it was pinned; questions ignore it. */
  missing: boolean;
}

export function scopeChips(
  ids: readonly string[],
  documents: readonly Pick<DocumentInfo, "id" | "title" | "file">[],
): ScopeChip[] {
  const byId = new Map(documents.map((d) => [d.id, d]));
  return ids.map((id) => {
    const d = byId.get(id);
    if (d === undefined) return { id, name: "Removed document", file: "", missing: true };
    return { id, name: d.title.trim() === "" ? d.file : d.title, file: d.file, missing: false };
  });
}

/** "the whole collection", "“A”", "“A” and “B”", "“A”, “B” and 3 more documents". */
export function describeScope(chips: readonly ScopeChip[]): string {
  const names = chips.map((c) => `“${c.name}”`);
  if (names.length === 0) return "the whole collection";
  if (names.length === 1) return names[0] ?? "";
  if (names.length <= 3) return `${names.slice(0, -1).join(", ")} and ${names.at(-1) ?? ""}`;
  return `${names.slice(0, 2).join(", ")} and ${names.length - 2} more documents`;
}
