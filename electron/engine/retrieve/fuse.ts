/** Reciprocal-rank fusion: the one place full-text and vector results are combined. */
import type { Passage } from "../../../shared/types";

/**
 * Merges ranked lists by summing 1 / (k + rank) per passage (rank from 1). Scores of different
 * retrievers are not comparable; ranks are. A passage keeps the fields of its first appearance
 * and gets the fused score.
 */
export function fuse(lists: Passage[][], k = 60): Passage[] {
  const fused = new Map<string, { passage: Passage; score: number }>();
  for (const list of lists) {
    list.forEach((passage, i) => {
      const entry = fused.get(passage.chunkId);
      const add = 1 / (k + i + 1);
      if (entry === undefined) fused.set(passage.chunkId, { passage, score: add });
      else entry.score += add;
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score)
    .map(({ passage, score }) => ({ ...passage, score }));
}
