/** The dev set's questions and the hit rule used by the retrieval and abstention benchmarks. */
import { readFileSync } from "node:fs";

export interface DevQuestion {
  id: string;
  question: string;
  answerable: boolean;
  gold: { file: string; pages: number[] }[];
  evidence: string[];
  kind: string;
}

export function loadQuestions(file: string): DevQuestion[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as DevQuestion);
}

const norm = (s: string): string => s.replace(/\s+/g, " ").trim().toLowerCase();

export interface HitCandidate {
  file: string;
  page: number;
  pageEnd: number;
  text: string;
}

/**
 * A hit: a passage of at most two pages and 2,500 characters whose file matches a gold file and
 * whose page range contains a gold page, or whose text contains an evidence phrase.
 */
export function isHit(q: DevQuestion, r: HitCandidate): boolean {
  if (r.pageEnd - r.page > 1 || r.text.length > 2500) return false;
  for (const g of q.gold) {
    if (g.file === r.file && g.pages.some((p) => p >= r.page && p <= r.pageEnd)) return true;
  }
  const text = norm(r.text);
  return q.evidence.some((e) => text.includes(norm(e)));
}

export interface RankScores {
  hit1: number;
  hit5: number;
  mrr10: number;
}

export function scoreRankings(
  questions: DevQuestion[],
  results: Map<string, HitCandidate[]>,
): RankScores {
  let h1 = 0;
  let h5 = 0;
  let mrr = 0;
  const answerable = questions.filter((q) => q.answerable);
  for (const q of answerable) {
    const list = results.get(q.id) ?? [];
    const rank = list.slice(0, 10).findIndex((r) => isHit(q, r));
    if (rank === 0) h1++;
    if (rank >= 0 && rank < 5) h5++;
    if (rank >= 0) mrr += 1 / (rank + 1);
  }
  const n = answerable.length || 1;
  return { hit1: h1 / n, hit5: h5 / n, mrr10: mrr / n };
}
