import { useEffect } from "react";
import { useStores } from "./StoresContext";
import { useStore } from "./stores/useStore";
import type { Panel } from "./stores/AppStore";
import { ChatPanel } from "./features/chat/ChatPanel";
import { CollectionSwitcher } from "./features/library/CollectionSwitcher";
import { LibraryPanel } from "./features/library/LibraryPanel";
import { ModelsPanel } from "./features/models/ModelsPanel";
import { PrivacyPanel } from "./features/privacy/PrivacyPanel";
import { SearchDialog } from "./features/search/SearchDialog";
import { SourceViewer } from "./features/viewer/SourceViewer";

const panels: { id: Panel; label: string }[] = [
  { id: "chat", label: "Ask" },
  { id: "library", label: "Library" },
  { id: "models", label: "Models" },
  { id: "privacy", label: "Privacy" },
];

export function App() {
  const { app, search, viewer, chat, models } = useStores();
  const { panel, error } = useStore(app);
  const { searchNotice } = useStore(models);
  const { target } = useStore(viewer);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        search.setOpen(true);
      } else if (e.key === "Escape" && chat.get().activeRequestId !== null && !search.get().open) {
        // Esc stops the answer being written wherever the focus is.
        void chat.stop();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [search, chat]);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand" aria-label="Enclave">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{" "}
          Enclave
        </div>
        <CollectionSwitcher />
        <nav aria-label="Sections" className="tabs">
          {panels.map((p) => (
            <button
              key={p.id}
              type="button"
              className={p.id === panel ? "tab active" : "tab"}
              aria-current={p.id === panel ? "page" : undefined}
              onClick={() => app.show(p.id)}
            >
              {p.label}
            </button>
          ))}
        </nav>
        <button
          type="button"
          className="search-button"
          onClick={() => search.setOpen(true)}
          aria-keyshortcuts="Control+K Meta+K"
        >
          Search passages <kbd>Ctrl K</kbd>
        </button>
        <span className="offline-pill" title="Enclave never connects to the network.">
          Offline
        </span>
      </header>
      {error !== "" && (
        <p role="alert" className="banner error">
          {error}
        </p>
      )}
      {searchNotice !== "" && (
        <p role="status" className="banner notice">
          {searchNotice}
        </p>
      )}
      <div className={target === null ? "workspace" : "workspace with-viewer"}>
        <main className="panel" aria-label={panels.find((p) => p.id === panel)?.label}>
          {panel === "chat" && <ChatPanel />}
          {panel === "library" && <LibraryPanel />}
          {panel === "models" && <ModelsPanel />}
          {panel === "privacy" && <PrivacyPanel />}
        </main>
        {target !== null && <SourceViewer />}
      </div>
      <SearchDialog />
    </div>
  );
}
