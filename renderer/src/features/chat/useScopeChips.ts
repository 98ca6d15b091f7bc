import { useMemo } from "react";
import { useStores } from "../../StoresContext";
import { describeScope, scopeChips, type ScopeChip } from "../../lib/scopeChips";
import { useStore } from "../../stores/useStore";

/** Chips (names) for document ids, from the current collection's document list. */
export function useScopeChips(ids: readonly string[]): ScopeChip[] {
  const { library } = useStores();
  const { documents } = useStore(library);
  return useMemo(() => scopeChips(ids, documents), [ids, documents]);
}

/** The next question's scope in words, "" for the whole collection. */
export function useScopeLabel(): string {
  const { chat } = useStores();
  const { scope } = useStore(chat);
  const chips = useScopeChips(scope);
  return chips.length === 0 ? "" : describeScope(chips);
}
