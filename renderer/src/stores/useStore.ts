import { useSyncExternalStore } from "react";
import type { Store } from "./Store";

/** Subscribes a component to a store's whole snapshot. */
export function useStore<T extends object>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
