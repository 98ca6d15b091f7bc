import { createContext, useContext } from "react";
import type { Stores } from "./stores/createStores";

export const StoresContext = createContext<Stores | null>(null);

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (stores === null)
    throw new Error("useStores needs a <StoresContext.Provider> above it (see main.tsx).");
  return stores;
}
