import type { DocumentInfo } from "../../../../shared/types";
import { useStores } from "../../StoresContext";
import { useStore } from "../../stores/useStore";
import { useAskDocument } from "../chat/useAskDocument";

/**
 * A library row's question actions: "Ask this document" (a new conversation about it alone) and
 * a toggle that adds it to, or takes it out of, the next question's document chips.
 */
export function DocumentScopeActions({ document: d }: { document: DocumentInfo }) {
  const { chat } = useStores();
  const { scope } = useStore(chat);
  const askDocument = useAskDocument();
  const pinned = scope.includes(d.id);
  return (
    <>
      <button
        type="button"
        className="ask-document"
        onClick={() => askDocument(d.id)}
        aria-label={`Ask this document: ${d.title}`}
        data-testid="ask-document"
      >
        Ask this document
      </button>
      <button
        type="button"
        aria-pressed={pinned}
        onClick={() => (pinned ? chat.unpin(d.id) : chat.pin(d.id))}
        aria-label={`Pin to the question: ${d.title}`}
        title={
          pinned
            ? "The next question reads this document; click to take it out"
            : "Add this document to the chips above the question box"
        }
      >
        {pinned ? "Pinned" : "Pin"}
      </button>
    </>
  );
}
