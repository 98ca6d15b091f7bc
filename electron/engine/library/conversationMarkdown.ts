/** A conversation as Markdown: each question, its answer, and its citations with quoted text. */
import type { Citation, Conversation } from "../../../shared/types";
import { sourceLabel } from "../../../shared/citations";

const QUOTE_CHARS = 600;

function quote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const cut = flat.length > QUOTE_CHARS ? `${flat.slice(0, QUOTE_CHARS).trimEnd()} …` : flat;
  return `> ${cut}`;
}

function citationBlock(c: Citation): string {
  const where = `[${c.n}] ${sourceLabel(c)} (${c.file})`;
  // The span is what supports the answer; without one, the passage itself is quoted.
  return `${where}\n\n${quote(c.span !== "" ? c.span : c.text)}`;
}

export function conversationMarkdown(conversation: Conversation): string {
  const out = [
    `# ${conversation.title}`,
    "",
    `Collection: ${conversation.collection} · last updated ${conversation.updatedAt}`,
  ];
  for (const turn of conversation.history) {
    const a = turn.answer;
    out.push("", `## ${turn.question.trim()}`, "");
    if (a.standaloneQuestion !== "") out.push(`*Understood as: ${a.standaloneQuestion}*`, "");
    out.push(a.answer.trim());
    if (a.notice !== "") out.push("", `*${a.notice}*`);
    if (a.citations.length > 0)
      out.push(
        "",
        "### Sources",
        "",
        ...a.citations
          .map((c) => citationBlock(c))
          .join("\n\n")
          .split("\n"),
      );
  }
  return `${out.join("\n")}\n`;
}
