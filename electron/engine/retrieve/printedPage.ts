/**
 * Which physical page shows a given page number in its header or footer ("53", "53 / 92", "Page
 * 53", "- 53 -"). Many PDFs have no page labels while their pages print numbers that start after
 * an unnumbered cover or front matter, and some have labels that differ from the numbers printed
 * on the pages: a reader asking for "page 53" means the page that shows 53.
 */
import type { Store } from "../store/types";

/** How far from the page first thought of the printed one is looked for, each way. */
const WINDOW = 12;

/** Whether the first or last two lines of the page's text show `n` as its page number. */
export function printsPageNumber(text: string, n: number): boolean {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const edges = [...lines.slice(0, 2), ...lines.slice(-2)];
  const number = `[-–—]?\\s*${n}\\s*[-–—]?(?:\\s*(?:\\/|of)\\s*\\d+)?`;
  const alone = new RegExp(
    `^(?:page\\s+)?${number}$|^(?:page\\s+)?${n}\\s|\\s(?:page\\s+)?${number}$`,
    "iu",
  );
  return edges.some((l) => alone.test(l));
}

/**
 * The physical page that prints page number `n`: `guess` itself when it does, else the nearest
 * page within WINDOW that does and whose neighbour prints n - 1 or n + 1 (one number alone may be
 * a figure in the text); null when none does.
 */
export async function findPrintedPage(
  store: Pick<Store, "getPageText">,
  documentId: string,
  n: number,
  guess: number,
  pageCount: number,
): Promise<number | null> {
  const text = async (page: number): Promise<string> =>
    page < 1 || page > pageCount
      ? ""
      : ((await store.getPageText(documentId, page).catch(() => null))?.text ?? "");
  const first = await text(guess);
  if (printsPageNumber(first, n)) return guess;
  const from = Math.max(1, guess - WINDOW - 1);
  const to = Math.min(pageCount, guess + WINDOW + 1);
  const pages = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const texts = new Map(
    await Promise.all(pages.map(async (p) => [p, p === guess ? first : await text(p)] as const)),
  );
  const prints = (page: number, k: number): boolean => printsPageNumber(texts.get(page) ?? "", k);
  for (let d = 1; d <= WINDOW; d++)
    for (const page of [guess + d, guess - d])
      if (
        page >= 1 &&
        page <= pageCount &&
        prints(page, n) &&
        (prints(page - 1, n - 1) || prints(page + 1, n + 1))
      )
        return page;
  return null;
}
