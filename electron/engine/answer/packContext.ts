/**
 * Fits sources into the prompt. The budget is the smaller of what the context window leaves
 * after the answer and the prompt's own words, and what this machine reads within the
 * time-to-first-token target: on a slow CPU a full 8k context would keep the user waiting for
 * minutes before the first word.
 */
import type { Passage } from "../../../shared/types";
import type { Generator } from "../llm/types";
import { SYSTEM_PROMPT, formatSource, userMessage } from "./buildPrompt";

export interface PackOptions {
  /** Tokens kept free for the answer. Default: 512, at most a quarter of the context window. */
  reservedAnswerTokens?: number;
  /** Longest acceptable wait for the first token, in ms. Default: 10 000. */
  ttftTargetMs?: number;
  /** Tokens the chat template adds around the messages. Default: 48. */
  templateTokens?: number;
}

export interface PackedContext {
  /** Passages given to the model, in order; source n is `passages[n - 1]`. */
  passages: Passage[];
  blocks: string[];
  /** Tokens available for source blocks. */
  budget: number;
  /** Tokens the source blocks use. */
  used: number;
  /** Relevant passages left out. */
  omitted: number;
  /** true when the TTFT target, not the context window, set the budget. */
  limitedByTime: boolean;
}

/** Packs `relevant` (most relevant first) into the budget for `question`. */
export async function packContext(
  generator: Generator,
  relevant: readonly Passage[],
  question: string,
  options: PackOptions = {},
): Promise<PackedContext> {
  // A small context window still gets sources: the answer may use at most a quarter of it.
  const reserved = Math.min(
    options.reservedAnswerTokens ?? 512,
    Math.floor(generator.contextSize / 4),
  );
  const ttftTargetMs = options.ttftTargetMs ?? 10_000;
  const overhead =
    generator.countTokens(SYSTEM_PROMPT) +
    generator.countTokens(userMessage([], question)) +
    (options.templateTokens ?? 48);
  const byWindow = generator.contextSize - reserved - overhead;
  const tps = await generator.promptTokensPerSecond();
  // 0 means "not measured yet": only the window limits until the first measurement.
  const byTime =
    tps > 0 ? Math.floor((tps * ttftTargetMs) / 1000) - overhead : Number.POSITIVE_INFINITY;
  const budget = Math.max(0, Math.min(byWindow, byTime));
  const passages: Passage[] = [];
  const blocks: string[] = [];
  let used = 0;
  let omitted = 0;
  for (const passage of relevant) {
    const block = formatSource(passages.length + 1, passage);
    // Blocks are joined by a blank line, which costs about one token.
    const cost = generator.countTokens(block) + 1;
    if (used + cost <= budget) {
      passages.push(passage);
      blocks.push(block);
      used += cost;
    } else if (passages.length === 0) {
      const cut = truncateToFit(generator, passage, budget);
      if (cut === null) omitted++;
      else {
        passages.push(cut.passage);
        blocks.push(cut.block);
        used += cut.cost;
      }
    } else omitted++;
  }
  return { passages, blocks, budget, used, omitted, limitedByTime: byTime < byWindow };
}

/** The most relevant passage, cut short to fit, so a tiny budget still gets one source. */
function truncateToFit(
  generator: Generator,
  passage: Passage,
  budget: number,
): { passage: Passage; block: string; cost: number } | null {
  let lo = 0;
  let hi = passage.text.length;
  let best: { passage: Passage; block: string; cost: number } | null = null;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const cut = { ...passage, text: `${passage.text.slice(0, mid).trimEnd()} …` };
    const block = formatSource(1, cut);
    const cost = generator.countTokens(block) + 1;
    if (cost <= budget) {
      best = { passage: cut, block, cost };
      lo = mid;
    } else hi = mid - 1;
  }
  return best !== null && best.passage.text.length > 40 ? best : null;
}
