import { useState } from "react";
import { useStores } from "../../StoresContext";
import type { ChatTurn } from "../../stores/ChatStore";

export interface TurnActionsProps {
  turn: ChatTurn;
  exportDisabled: boolean;
  hasConversation: boolean;
}

/** Stop, regenerate, copy and export for the latest answer. */
export function TurnActions({ turn, exportDisabled, hasConversation }: TurnActionsProps) {
  const { chat } = useStores();
  const [copied, setCopied] = useState(false);
  const streaming = turn.status === "streaming";

  const copy = async () => {
    await navigator.clipboard.writeText(turn.answer?.answer ?? turn.streamed);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  const exportMarkdown = async () => {
    const markdown = await chat.exportMarkdown();
    if (markdown === null) return;
    const url = URL.createObjectURL(new Blob([markdown], { type: "text/markdown" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "conversation.md";
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div className="turn-actions" role="toolbar" aria-label="Answer actions">
      {streaming ? (
        <button type="button" onClick={() => void chat.stop()}>
          Stop
        </button>
      ) : (
        <button type="button" onClick={() => void chat.regenerate()}>
          Regenerate
        </button>
      )}
      <button
        type="button"
        disabled={streaming}
        onClick={() => void copy().catch(() => setCopied(false))}
      >
        {copied ? "Copied" : "Copy"}
      </button>
      {!exportDisabled && hasConversation && (
        <button type="button" disabled={streaming} onClick={() => void exportMarkdown()}>
          Export as Markdown
        </button>
      )}
    </div>
  );
}
