import { useEffect, useRef } from "react";
import { useStores } from "../../StoresContext";
import { describeScope } from "../../lib/scopeChips";
import { useStore } from "../../stores/useStore";
import { useScopeChips } from "./useScopeChips";

/**
 * The documents the next question is about, as removable chips above the question box. When the
 * chips differ from the open conversation's stored scope it says what the next question will
 * read instead, and offers to put the conversation's scope back.
 */
export function ScopeBar() {
  const { chat } = useStores();
  const { scope, storedScope } = useStore(chat);
  const chips = useScopeChips(scope);
  const stored = useScopeChips(storedScope ?? []);
  const edited = chat.scopeEdited();
  const listRef = useRef<HTMLUListElement>(null);
  // After a chip is removed, focus the chip now in its place (else the question box).
  const refocus = useRef<number | null>(null);
  useEffect(() => {
    const index = refocus.current;
    if (index === null) return;
    refocus.current = null;
    const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>("button.scope-chip");
    const next = buttons?.[Math.min(index, buttons.length - 1)];
    if (next !== undefined) next.focus();
    else document.getElementById("question")?.focus();
  });

  if (chips.length === 0 && !edited) return null;
  return (
    <div className="scope-bar" data-testid="scope-bar">
      {chips.length > 0 && (
        <>
          <span className="scope-label" id="scope-label">
            Only in
          </span>
          <ul className="scope-chips" aria-labelledby="scope-label" ref={listRef}>
            {chips.map((c, i) => (
              <li key={c.id}>
                <button
                  type="button"
                  className={c.missing ? "scope-chip missing" : "scope-chip"}
                  data-testid="scope-chip"
                  aria-label={`Remove scope: ${c.name}`}
                  title={
                    c.missing
                      ? "This document is no longer in the collection; questions skip it."
                      : c.file
                  }
                  onClick={() => {
                    refocus.current = i;
                    chat.unpin(c.id);
                  }}
                >
                  <span className="scope-chip-name">{c.name}</span>
                  <span aria-hidden="true" className="scope-chip-x">
                    ×
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="scope-status muted small" role="status" data-testid="scope-status">
        {edited &&
          (chips.length === 0
            ? `The next question searches the whole collection; this conversation was about ${describeScope(stored)}.`
            : `The next question reads only ${describeScope(chips)}; this conversation was about ${describeScope(stored)}.`)}
        {edited && (
          <button type="button" className="link" onClick={() => chat.restoreScope()}>
            Keep the conversation's scope
          </button>
        )}
      </p>
    </div>
  );
}
