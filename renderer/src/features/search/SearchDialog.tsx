import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { Passage } from "../../../../shared/types";
import { Marked } from "../../components/Marked";
import { useStores } from "../../StoresContext";
import { OcrBadge } from "../../components/OcrBadge";
import { formatPage } from "../../lib/format";
import { markWords } from "../../lib/markText";
import { useStore } from "../../stores/useStore";

/** Ctrl/Cmd+K: passage search over the current collection; Enter opens a result in the viewer. */
export function SearchDialog() {
  const { search, viewer, library } = useStores();
  const state = useStore(search);
  const { current } = useStore(library);
  const ref = useRef<HTMLDialogElement>(null);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (state.open && !dialog.open) dialog.showModal();
    if (!state.open && dialog.open) dialog.close();
  }, [state.open]);

  const open = (p: Passage) => {
    viewer.open(p);
    search.setOpen(false);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, state.results.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Escape") {
      // A search field would swallow the first Esc to clear itself; Esc here always closes.
      e.preventDefault();
      search.setOpen(false);
    } else if (e.key === "Enter") {
      e.preventDefault();
      const hit = state.results[active];
      if (hit !== undefined) open(hit);
      else void search.run();
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog search-dialog"
      aria-label="Search passages"
      onClose={() => search.setOpen(false)}
    >
      <div className="search-head">
        <label htmlFor="search-input" className="visually-hidden">
          Search passages in {current}
        </label>
        <input
          id="search-input"
          type="search"
          autoFocus
          placeholder={`Search passages in ${current ?? "…"}`}
          value={state.query}
          onChange={(e) => {
            setActive(0);
            search.setQuery(e.target.value);
          }}
          onKeyDown={onKeyDown}
          aria-controls="search-results"
        />
        <span className="muted small">
          {state.loading
            ? "Searching…"
            : state.resultsFor !== ""
              ? `${state.results.length} passages`
              : ""}
        </span>
      </div>
      {state.error !== "" && (
        <p role="alert" className="banner error">
          {state.error}
        </p>
      )}
      <ul id="search-results" className="search-results" role="listbox" aria-label="Results">
        {state.results.map((p, i) => (
          <li key={p.chunkId} role="option" aria-selected={i === active}>
            <button
              type="button"
              className={i === active ? "search-hit active" : "search-hit"}
              data-testid="search-result"
              onClick={() => open(p)}
              onMouseEnter={() => setActive(i)}
              tabIndex={-1}
            >
              <span className="hit-head">
                <strong>{p.title}</strong> · {formatPage(p.page, p.pageEnd, p.pageLabel)}
                <OcrBadge confidence={p.ocr} />
                {p.heading !== "" && <span className="muted"> · {p.heading}</span>}
              </span>
              <span className="hit-text">
                <Marked
                  segments={markWords(
                    p.text.length > 420 ? `${p.text.slice(0, 420)}…` : p.text,
                    state.resultsFor,
                  )}
                />
              </span>
            </button>
          </li>
        ))}
        {state.resultsFor !== "" && state.results.length === 0 && !state.loading && (
          <li className="muted pad">
            No passage in {current} matches “{state.resultsFor}”.
          </li>
        )}
      </ul>
      <p className="muted small search-help">
        <kbd>↑</kbd> <kbd>↓</kbd> to choose, <kbd>Enter</kbd> to open, <kbd>Esc</kbd> to close
      </p>
    </dialog>
  );
}
