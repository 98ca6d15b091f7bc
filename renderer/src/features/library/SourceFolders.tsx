import { useStores } from "../../StoresContext";
import { useStore } from "../../stores/useStore";
import { describeFolderStatus } from "../../stores/SourceFoldersStore";

/** The collection's source folders: each one's state, progress and ETA; add and stop following. */
export function SourceFolders({ readOnly }: { readOnly: boolean }) {
  const { sourceFolders } = useStores();
  const { folders, error } = useStore(sourceFolders);
  return (
    <section className="source-folders" aria-label="Source folders">
      <div className="button-row">
        <strong>Source folders</strong>
        <button
          type="button"
          disabled={readOnly}
          onClick={() => void sourceFolders.addWithDialog()}
          title="Import a folder now and keep the collection in step with it: new, changed, renamed and deleted files follow."
        >
          Follow a folder…
        </button>
      </div>
      {error !== "" && (
        <p role="alert" className="banner error">
          {error}
        </p>
      )}
      {folders.length === 0 ? (
        <p className="muted small">
          No folder followed: files change here only when you import them.
        </p>
      ) : (
        <ul className="source-folder-list">
          {folders.map((f) => (
            <li key={f.id} className={`source-folder ${f.state}`}>
              <span className="source-folder-path" title={f.folder}>
                {f.folder}
              </span>
              <span className="muted small" role="status">
                {describeFolderStatus(f)}
              </span>
              {f.state === "indexing" && f.total > 0 && (
                <progress max={f.total} value={f.done} aria-label={`Indexing ${f.folder}`} />
              )}
              <button
                type="button"
                className="link"
                onClick={() => void sourceFolders.remove(f.id)}
                title="Stop following this folder; its documents stay in the collection."
              >
                Stop following
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
