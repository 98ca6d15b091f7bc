import { useState, type DragEvent } from "react";
import { useStores } from "../../StoresContext";
import { useStore } from "../../stores/useStore";
import { CollectionsBar } from "./CollectionsBar";
import { DocumentList } from "./DocumentList";
import { ImportPanel } from "./ImportPanel";
import { SourceFolders } from "./SourceFolders";

/** Collections, import (dialog or drop) and the document list. */
export function LibraryPanel() {
  const { library } = useStores();
  const { documents, error, current, collections } = useStore(library);
  // A library pack IT deployed is read-only: nothing is imported into it or removed from it.
  const managed = collections.some((c) => c.name === current && c.managed !== undefined);
  const [dragging, setDragging] = useState(false);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void library.importDropped(Array.from(e.dataTransfer.files));
  };

  return (
    <div
      className={dragging ? "library dragging" : "library"}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <CollectionsBar />
      <div className="button-row import-actions">
        <button
          type="button"
          className="primary"
          disabled={current === null || managed}
          onClick={() => void library.importWithDialog(false)}
        >
          Import files…
        </button>
        <button
          type="button"
          disabled={current === null || managed}
          onClick={() => void library.importWithDialog(true)}
        >
          Import a folder…
        </button>
        <span className="muted small">or drop files and folders anywhere here</span>
      </div>
      {error !== "" && (
        <p role="alert" className="banner error">
          {error}
        </p>
      )}
      <ImportPanel />
      <SourceFolders readOnly={current === null || managed} />
      <DocumentList documents={documents} readOnly={managed} />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop to import into {current}
        </div>
      )}
    </div>
  );
}
