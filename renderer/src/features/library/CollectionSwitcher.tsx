import { useStores } from "../../StoresContext";
import { useStore } from "../../stores/useStore";

/** The collection being asked, always visible in the top bar. */
export function CollectionSwitcher() {
  const { library } = useStores();
  const { collections, current } = useStore(library);
  return (
    <label className="collection-switcher">
      <span className="muted small">Collection</span>
      <select
        value={current ?? ""}
        onChange={(e) => void library.select(e.target.value)}
        aria-label="Current collection"
        data-testid="collection-select"
      >
        {collections.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name} ({c.documentCount}){c.managed !== undefined ? " · managed" : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
