import { useState } from "react";
import { useStores } from "../../StoresContext";
import type { ChatTurn } from "../../stores/ChatStore";
import { useStore } from "../../stores/useStore";

export interface TurnActionsProps {
  turn: ChatTurn;
  exportDisabled: boolean;
  hasConversation: boolean;
}

/**
 * Stop, regenerate, copy and export for the latest answer. Export goes through main (a save
 * dialog, then main writes the file); under DisableExport the buttons give way to the reason.
 */
export function TurnActions({ turn, exportDisabled, hasConversation }: TurnActionsProps) {
  const { chat } = useStores();
  const { exporting, exportNotice } = useStore(chat);
  const [copied, setCopied] = useState(false);
  const streaming = turn.status === "streaming";

  const copy = async () => {
    await navigator.clipboard.writeText(turn.answer?.answer ?? turn.streamed);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
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
      {hasConversation &&
        (exportDisabled ? (
          <span className="muted small" data-testid="export-disabled">
            Export is turned off by your organisation.
          </span>
        ) : (
          <>
            <button
              type="button"
              disabled={streaming || exporting}
              onClick={() => void chat.exportConversation("markdown")}
            >
              Export as Markdown…
            </button>
            <button
              type="button"
              disabled={streaming || exporting}
              onClick={() => void chat.exportConversation("pdf")}
            >
              Export PDF report…
            </button>
            {exportNotice !== "" && (
              <span className="muted small" role="status">
                {exportNotice}
              </span>
            )}
          </>
        ))}
    </div>
  );
}
