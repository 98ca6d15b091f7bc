import { useCallback } from "react";
import { useStores } from "../../StoresContext";

/** "Ask this document": a new conversation scoped to it, on the Ask panel, question box focused. */
export function useAskDocument(): (documentId: string) => void {
  const { chat, app } = useStores();
  return useCallback(
    (documentId: string) => {
      chat.askAbout(documentId);
      app.show("chat");
    },
    [chat, app],
  );
}
