import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, useState } from "react";
import type { DocumentInfo } from "../../../../shared/types";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { DocumentScopeActions } from "./DocumentScopeActions";
import { useStores } from "../../StoresContext";
import { formatBytes, formatDate } from "../../lib/format";
import { LibraryEmptyState } from "./LibraryEmptyState";

const rowHeight = 44;

/** The collection's documents, virtualised so thousands stay fast; `readOnly` (a managed library) hides re-index and remove. */
export function DocumentList({
  documents,
  readOnly = false,
}: {
  documents: DocumentInfo[];
  readOnly?: boolean;
}) {
  const { library, viewer } = useStores();
  const parentRef = useRef<HTMLDivElement>(null);
  const [confirm, setConfirm] = useState<DocumentInfo | null>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's own API; the list re-renders on its updates.
  const virtualizer = useVirtualizer({
    count: documents.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });

  if (documents.length === 0) return <LibraryEmptyState />;
  return (
    <div
      className="doc-table"
      role="table"
      aria-label="Documents"
      aria-rowcount={documents.length + 1}
    >
      <div className="doc-row head" role="row">
        <span role="columnheader">Title</span>
        <span role="columnheader">Pages</span>
        <span role="columnheader">Passages</span>
        <span role="columnheader">Size</span>
        <span role="columnheader">Status</span>
        <span role="columnheader">Actions</span>
      </div>
      <div ref={parentRef} className="doc-scroll" data-testid="document-list">
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((v) => {
            const d = documents[v.index];
            if (d === undefined) return null;
            return (
              <div
                key={d.id}
                role="row"
                aria-rowindex={v.index + 2}
                className="doc-row"
                data-testid="document-row"
                style={{
                  position: "absolute",
                  top: 0,
                  left: 0,
                  right: 0,
                  height: rowHeight,
                  transform: `translateY(${v.start}px)`,
                }}
              >
                <span
                  role="cell"
                  className="doc-title"
                  title={`${d.path}\nImported ${formatDate(d.importedAt)}`}
                >
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      viewer.open({
                        chunkId: "",
                        documentId: d.id,
                        file: d.file,
                        path: d.path,
                        title: d.title,
                        page: 1,
                        pageEnd: 1,
                        pageLabel: null,
                        heading: "",
                        text: "",
                        score: 0,
                        charStart: 0,
                        charEnd: 0,
                      })
                    }
                  >
                    {d.title}
                  </button>
                  <span className="muted small">{d.file}</span>
                </span>
                <span role="cell">{d.pages}</span>
                <span role="cell">{d.chunks}</span>
                <span role="cell">{formatBytes(d.bytes)}</span>
                <span role="cell" className={`status-${d.status}`}>
                  {d.status === "ready" ? "Ready" : "Replaced"}
                </span>
                <span role="cell" className="row-actions">
                  <DocumentScopeActions document={d} />
                  {!readOnly && (
                    <>
                      <button
                        type="button"
                        onClick={() => void library.reindex(d.id)}
                        aria-label={`Re-index ${d.title}`}
                      >
                        Re-index
                      </button>
                      <button
                        type="button"
                        className="danger-text"
                        onClick={() => setConfirm(d)}
                        aria-label={`Remove ${d.title}`}
                      >
                        Remove
                      </button>
                    </>
                  )}
                </span>
              </div>
            );
          })}
        </div>
      </div>
      {confirm !== null && (
        <ConfirmDialog
          title={`Remove “${confirm.title}”?`}
          confirmLabel="Remove document"
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void library.removeDocument(confirm.id);
          }}
        >
          <p>
            {confirm.collections.length > 1
              ? `It stays in ${confirm.collections.length - 1} other collection(s); only this collection loses it.`
              : "It is in no other collection, so its text and index are erased from this computer. The original file is not touched."}
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
