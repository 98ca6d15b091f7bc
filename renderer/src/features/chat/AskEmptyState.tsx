import { SAMPLE_QUESTIONS } from "../../../../shared/sampleGuide";
import { useStores } from "../../StoresContext";
import { hasSampleGuide, libraryIsEmpty } from "../../lib/sampleGuide";
import { useStore } from "../../stores/useStore";
import { TryGuideButton } from "../library/TryGuideButton";

/**
 * What Ask shows before the first question, each case with its one next step: an empty library
 * offers the user guide or the Library; an empty collection, the Library; a collection holding
 * the guide, its suggested questions; any other, a reminder of where answers come from.
 */
export function AskEmptyState() {
  const { chat, app, library } = useStores();
  const { collection } = useStore(chat);
  const { documents, collections, error } = useStore(library);
  const count = collections.find((c) => c.name === collection)?.documentCount;
  // Until the library has loaded, say nothing rather than flash the wrong next step.
  if (count === undefined) return null;
  const name = <strong>{collection}</strong>;

  if (count === 0) {
    const firstRun = libraryIsEmpty(collections);
    return (
      <div className="empty" data-testid="ask-empty">
        <h2>{firstRun ? "Welcome to Enclave" : "Nothing to ask yet"}</h2>
        <p>
          Answers come only from documents you import, cited to the page. {name} has none yet:
          import files or a folder in the Library.
        </p>
        {firstRun && (
          <p>
            Or try Enclave first on its own user guide: it imports in seconds and answers without
            any model.
          </p>
        )}
        <div className="empty-actions">
          {firstRun && <TryGuideButton />}
          <button
            type="button"
            className={firstRun ? "" : "primary"}
            onClick={() => app.show("library")}
          >
            Import documents
          </button>
        </div>
        {error !== "" && (
          <p role="alert" className="banner error">
            {error}
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="empty" data-testid="ask-empty">
      <h2>Ask your documents</h2>
      <p>
        Answers come only from the {count} {count === 1 ? "document" : "documents"} in {name}, with
        every claim cited to its page. Type a question below.
      </p>
      {hasSampleGuide(documents) && (
        <>
          <p>Or try one of these questions about Enclave:</p>
          <ul className="suggested-questions" aria-label="Suggested questions">
            {SAMPLE_QUESTIONS.map((q) => (
              <li key={q}>
                <button
                  type="button"
                  className="suggestion"
                  data-testid="suggested-question"
                  onClick={() => void chat.ask(q)}
                >
                  {q}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
