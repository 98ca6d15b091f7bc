import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

export interface ComposerProps {
  collection: string | null;
  busy: boolean;
  onAsk: (question: string) => void;
  onStop: () => void;
  /** What the question is about when not the whole collection ("“Pump manual”"); "" otherwise. */
  scopeLabel?: string;
  /** Focus the question box now (then `onFocused` is called). Default: false. */
  focusRequested?: boolean;
  onFocused?: () => void;
  /** Shown above the label: the scope's chips. */
  children?: ReactNode;
}

/** The question box: Enter sends, Shift+Enter adds a line, Esc stops. */
export function Composer({
  collection,
  busy,
  onAsk,
  onStop,
  scopeLabel = "",
  focusRequested = false,
  onFocused,
  children,
}: ComposerProps) {
  const [text, setText] = useState("");
  const inputRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!focusRequested) return;
    inputRef.current?.focus();
    onFocused?.();
  }, [focusRequested, onFocused]);
  const send = () => {
    if (busy || text.trim() === "") return;
    onAsk(text);
    setText("");
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    } else if (e.key === "Escape" && busy) {
      e.preventDefault();
      onStop();
    }
  };
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {children}
      <label htmlFor="question" className="composer-label">
        Ask <strong>{collection ?? "—"}</strong>
        {scopeLabel !== "" && <span className="visually-hidden">, only {scopeLabel}</span>}
      </label>
      <textarea
        ref={inputRef}
        id="question"
        rows={2}
        value={text}
        placeholder={`Ask a question about ${scopeLabel === "" ? "these documents" : scopeLabel} (Enter to send, Shift+Enter for a new line)`}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        disabled={collection === null}
      />
      {busy ? (
        <button type="button" className="primary" onClick={onStop} aria-keyshortcuts="Escape">
          Stop <kbd>Esc</kbd>
        </button>
      ) : (
        <button
          type="submit"
          className="primary"
          disabled={text.trim() === "" || collection === null}
        >
          Ask
        </button>
      )}
    </form>
  );
}
