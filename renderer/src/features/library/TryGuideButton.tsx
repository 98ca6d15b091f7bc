import { useStores } from "../../StoresContext";
import { hasSampleGuide } from "../../lib/sampleGuide";
import { useStore } from "../../stores/useStore";

/**
 * "Try it with the Enclave guide": imports the user guide into the current collection (seconds,
 * no model needed), then opens Ask, where its suggested questions wait.
 */
export function TryGuideButton({ className = "primary" }: { className?: string }) {
  const { library, app } = useStores();
  const { importRun, current } = useStore(library);
  const importing = importRun !== null && !importRun.finished;
  const tryGuide = async () => {
    await library.importSample();
    if (hasSampleGuide(library.get().documents)) app.show("chat");
  };
  return (
    <button
      type="button"
      className={className}
      disabled={importing || current === null}
      onClick={() => void tryGuide()}
      data-testid="try-guide"
    >
      {importing ? "Importing the guide…" : "Try it with the Enclave guide"}
    </button>
  );
}
