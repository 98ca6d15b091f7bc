/** Where a passage lies on one page of its document, as [start, end) offsets into that page's text. */

export interface PassageLocation {
  page: number;
  pageEnd: number;
  charStart: number;
  charEnd: number;
}

export function passageRangeOnPage(
  loc: PassageLocation,
  page: number,
): { start: number; end: number } | null {
  if (page < loc.page || page > loc.pageEnd) return null;
  const start = page === loc.page ? loc.charStart : 0;
  const end = page === loc.pageEnd ? loc.charEnd : Number.MAX_SAFE_INTEGER;
  return end > start ? { start, end } : null;
}
