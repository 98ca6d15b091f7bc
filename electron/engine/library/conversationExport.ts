/** A conversation rendered for export: the bytes of one file and the name to suggest for it. */
import type { Conversation, ExportFormat } from "../../../shared/types";
import { conversationMarkdown } from "./conversationMarkdown";
import { conversationPdf } from "./conversationPdf";

export interface ConversationExport {
  format: ExportFormat;
  /** A file name to offer in the save dialog, from the conversation's title (no folder). */
  fileName: string;
  bytes: Uint8Array;
}

const EXTENSION: Record<ExportFormat, string> = { markdown: "md", pdf: "pdf" };

/** The title as a file name on every OS: no separators, reserved or control characters. */
export function exportFileName(title: string, format: ExportFormat): string {
  const base = [...title]
    .map((c) => (c.charCodeAt(0) < 32 || '<>:"/\\|?*'.includes(c) ? " " : c))
    .join("")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+|\.+$/g, "")
    .slice(0, 80)
    .trim();
  return `${base === "" ? "Conversation" : base}.${EXTENSION[format]}`;
}

export async function renderConversationExport(
  conversation: Conversation,
  format: ExportFormat,
  options: { exportedAt?: Date } = {},
): Promise<ConversationExport> {
  const fileName = exportFileName(conversation.title, format);
  switch (format) {
    case "markdown":
      return {
        format,
        fileName,
        bytes: new TextEncoder().encode(conversationMarkdown(conversation)),
      };
    case "pdf":
      return { format, fileName, bytes: await conversationPdf(conversation, options) };
  }
}
