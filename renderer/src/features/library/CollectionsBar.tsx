import { useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ManagedBadge } from "../../components/ManagedBadge";
import { useStores } from "../../StoresContext";
import { useStore } from "../../stores/useStore";

/** Create, rename and delete collections. */
export function CollectionsBar() {
  const { library } = useStores();
  const { collections, current } = useStore(library);
  const [mode, setMode] = useState<"none" | "create" | "rename" | "delete">("none");
  const [name, setName] = useState("");
  const info = collections.find((c) => c.name === current);
  const managed = info?.managed;

  const submit = async () => {
    const ok =
      mode === "create"
        ? await library.create(name)
        : current !== null && (await library.rename(current, name));
    if (ok) setMode("none");
  };

  return (
    <div className="collections-bar">
      <h2>
        {current ?? "No collection"}
        {managed !== undefined && (
          <ManagedBadge
            title={`Library pack “${managed.pack}”, version ${managed.version}, built ${managed.builtAt.slice(0, 10)}: searchable and citable, read-only.`}
          />
        )}
      </h2>
      {managed?.note !== undefined && <p className="muted small">{managed.note}.</p>}
      {mode === "create" || mode === "rename" ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label>
            <span className="visually-hidden">
              {mode === "create" ? "New collection name" : "New name"}
            </span>
            <input
              autoFocus
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder={mode === "create" ? "New collection name" : "New name"}
              maxLength={80}
              onKeyDown={(e) => e.key === "Escape" && setMode("none")}
            />
          </label>
          <button type="submit" className="primary" disabled={name.trim() === ""}>
            {mode === "create" ? "Create" : "Rename"}
          </button>
          <button type="button" onClick={() => setMode("none")}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="button-row">
          <button type="button" onClick={() => (setName(""), setMode("create"))}>
            New collection
          </button>
          <button
            type="button"
            disabled={current === null || managed !== undefined}
            onClick={() => (setName(current ?? ""), setMode("rename"))}
          >
            Rename
          </button>
          <button
            type="button"
            className="danger-text"
            disabled={current === null || managed !== undefined}
            onClick={() => setMode("delete")}
          >
            Delete collection
          </button>
        </div>
      )}
      {mode === "delete" && current !== null && (
        <ConfirmDialog
          title={`Delete the collection “${current}”?`}
          confirmLabel="Delete collection"
          onCancel={() => setMode("none")}
          onConfirm={() => {
            setMode("none");
            void library.remove(current);
          }}
        >
          <p>
            This deletes the collection <strong>{current}</strong>, its conversations and its{" "}
            {info?.documentCount ?? 0} {info?.documentCount === 1 ? "document" : "documents"}.
            Documents that are in no other collection are erased from this computer for good. The
            original files you imported are not touched.
          </p>
        </ConfirmDialog>
      )}
      <span className="muted small">
        {collections.length} {collections.length === 1 ? "collection" : "collections"}
      </span>
    </div>
  );
}
