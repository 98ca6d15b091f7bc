import { useStores } from "../../StoresContext";
import { libraryIsEmpty } from "../../lib/sampleGuide";
import { useStore } from "../../stores/useStore";
import { TryGuideButton } from "./TryGuideButton";

/** The Library of a collection with no documents: how to import, and on a first run, the guide. */
export function LibraryEmptyState() {
  const { library } = useStores();
  const { collections, current } = useStore(library);
  return (
    <div className="empty library-empty" data-testid="library-empty">
      <h3>No documents in {current ?? "this collection"} yet</h3>
      <p>
        Import files or a folder with the buttons above, or drop them here: PDF, Word, HTML,
        Markdown and text files, folders with all their subfolders.
      </p>
      {libraryIsEmpty(collections) && (
        <>
          <p>New to Enclave? Import its user guide and ask it a question — no model needed.</p>
          <TryGuideButton className="" />
        </>
      )}
    </div>
  );
}
