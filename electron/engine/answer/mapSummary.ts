/**
 * "Summarise this document" with a chat model: one short summary per top-level section (map),
 * each packed into the context budget on its own, streamed as it is written, and listed in
 * reading order with the section's pages cited (the combine step is the list itself: every
 * sentence keeps the pages it came from, which one more model pass would blur).
 */
import type { AnswerSentence, Citation, Passage } from "../../../shared/types";
import { cleanMarkers } from "../../../shared/citations";
import type { Generator } from "../llm/types";
import type { OutlineEntry } from "../retrieve/documentOutline";
import { buildMessages } from "./buildPrompt";
import { checkSupport, prepareSource } from "./checkSupport";
import { packContext, type PackOptions } from "./packContext";
import { escapeMarkdown } from "./extractiveAnswer";

/** Most sections summarised; the rest are named in the notice. */
export const MAX_SUMMARISED_SECTIONS = 20;

export interface MapSummaryRun {
  signal?: AbortSignal;
  onToken?: (text: string) => void;
  packing?: PackOptions;
}

export interface MapSummary {
  answer: string;
  sources: Citation[];
  sentences: AnswerSentence[];
  aborted: boolean;
  /** Sections not summarised (past MAX_SUMMARISED_SECTIONS). */
  skipped: number;
}

export async function mapSummary(
  generator: Generator,
  file: string,
  sections: readonly OutlineEntry[],
  document: readonly Passage[],
  run: MapSummaryRun,
): Promise<MapSummary> {
  const sources: Citation[] = [];
  const sentences: AnswerSentence[] = [];
  const lines: string[] = [`${file}, section by section:`, ""];
  const emit = (text: string): void => run.onToken?.(text);
  emit(`${lines[0]}\n\n`);
  let aborted = false;
  for (const entry of sections.slice(0, MAX_SUMMARISED_SECTIONS)) {
    const passages = document.slice(entry.from, entry.to).filter((p) => p.text.trim() !== "");
    const question = `Summarise the section "${entry.title}" in one or two sentences.`;
    const packed = await packContext(generator, passages, question, run.packing);
    const first = packed.passages[0];
    if (first === undefined) continue;
    const pages =
      entry.pageEnd > entry.page ? `pp. ${entry.page}–${entry.pageEnd}` : `p. ${entry.page}`;
    const head = `- **${escapeMarkdown(entry.title)}** (${pages}): `;
    emit(head);
    const result = await generator.generate(buildMessages(packed.blocks, question), {
      signal: run.signal,
      onToken: emit,
      maxTokens: 160,
    });
    // The section is cited as a whole: the model's own markers point into its packed sources.
    const text = cleanMarkers(result.text.trim(), () => false).text.replace(/\s+/g, " ");
    const n = sources.length + 1;
    // Checked against everything the model read of the section, as generated answers are.
    const support = checkSupport(
      `${text} [${n}]`,
      new Map([[n, prepareSource(packed.passages.map((p) => p.text).join("\n"))]]),
      [n],
    );
    sources.push({ ...first, n, span: support.spans.get(n) ?? "" });
    sentences.push(...support.sentences);
    lines.push(`${head}${text} [${n}]`);
    emit(` [${n}]\n`);
    if (result.aborted || run.signal?.aborted === true) {
      aborted = true;
      break;
    }
  }
  return {
    answer: lines.join("\n"),
    sources,
    sentences,
    aborted,
    skipped: Math.max(0, sections.length - MAX_SUMMARISED_SECTIONS),
  };
}
