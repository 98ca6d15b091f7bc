/** The prompt: numbered sources, the rules for citing, and the question. */
import type { Passage } from "../../../shared/types";
import { sourceLabel } from "../../../shared/citations";
import type { ChatMessage } from "../llm/types";

/** What the model is told. Kept short: every token here is a token less for sources. */
export const SYSTEM_PROMPT = [
  "You answer questions using only the numbered sources you are given.",
  "After each claim, cite the sources it comes from as [n], for example [1] or [2, 3].",
  "Quote commands, options and numbers exactly as the sources write them.",
  "If the sources do not contain the answer, say plainly that the documents do not answer the question; do not guess and do not use outside knowledge.",
  "Answer in the language of the question, briefly.",
].join("\n");

/** One numbered source as the model reads it: "[1] Title, p. 12 (printed 10), Section — text". */
export function formatSource(n: number, passage: Passage): string {
  return `[${n}] ${sourceLabel(passage)} — ${passage.text.trim()}`;
}

/** The user message around the source blocks. */
export function userMessage(sourceBlocks: readonly string[], question: string): string {
  return `Sources:\n\n${sourceBlocks.join("\n\n")}\n\nQuestion: ${question}`;
}

export function buildMessages(sourceBlocks: readonly string[], question: string): ChatMessage[] {
  return [
    { role: "system", content: SYSTEM_PROMPT },
    { role: "user", content: userMessage(sourceBlocks, question) },
  ];
}
