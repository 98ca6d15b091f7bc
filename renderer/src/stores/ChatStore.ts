/** Conversations of the current collection and the question being answered. */
import type { EnclaveApi } from "../../../shared/contract";
import type { Answer, ConversationSummary, ExportFormat } from "../../../shared/types";
import { documentsToSend, sameScope, withDocument, withoutDocument } from "./chatScope";
import { Store, errorMessage, newRequestId } from "./Store";

export type TurnStatus = "streaming" | "done" | "stopped" | "error";

export interface ChatTurn {
  /** Stable React key. */
  key: string;
  question: string;
  requestId: string;
  /** Text streamed so far (replaced by `answer.answer` once the answer arrives). */
  streamed: string;
  answer: Answer | null;
  status: TurnStatus;
  error: string;
  /**
   * Set when this question widened or narrowed the conversation's scope (its chips were changed
   * after an earlier question): the documents it was asked about, [] for the whole collection.
   */
  scopeChange: string[] | null;
}

export interface ChatState {
  collection: string | null;
  conversations: ConversationSummary[];
  conversationId: string | null;
  turns: ChatTurn[];
  /** Documents the next question is about (the chips above the composer); [] = whole collection. */
  scope: string[];
  /** The scope stored with the open conversation; null before its first question. */
  storedScope: string[] | null;
  /** "Ask this document" wants the question box focused; the composer clears it once done. */
  focusComposer: boolean;
  /** The request being answered, or null. */
  activeRequestId: string | null;
  /** An export is in progress (its save dialog is open or the file is being written). */
  exporting: boolean;
  /** What the last export did ("Saved …"), "" when nothing to say. */
  exportNotice: string;
  error: string;
}

type ChatApi = Pick<
  EnclaveApi,
  | "ask"
  | "abortAsk"
  | "listConversations"
  | "getConversation"
  | "deleteConversation"
  | "exportConversationWithDialog"
  | "on"
>;

export class ChatStore extends Store<ChatState> {
  readonly #api: ChatApi;
  readonly #unsubscribe: () => void;
  readonly #stopRequested = new Set<string>();

  constructor(api: ChatApi) {
    super({
      collection: null,
      conversations: [],
      conversationId: null,
      turns: [],
      scope: [],
      storedScope: null,
      focusComposer: false,
      activeRequestId: null,
      exporting: false,
      exportNotice: "",
      error: "",
    });
    this.#api = api;
    this.#unsubscribe = api.on("answerToken", ({ requestId, text }) => {
      if (!this.get().turns.some((t) => t.requestId === requestId && t.status === "streaming"))
        return;
      this.set((s) => ({
        turns: s.turns.map((t) =>
          t.requestId === requestId && t.status === "streaming"
            ? { ...t, streamed: t.streamed + text }
            : t,
        ),
      }));
    });
  }

  dispose(): void {
    this.#unsubscribe();
  }

  async setCollection(collection: string | null): Promise<void> {
    if (collection === this.get().collection) return;
    this.set({
      collection,
      conversations: [],
      conversationId: null,
      turns: [],
      scope: [],
      storedScope: null,
      error: "",
    });
    await this.refreshConversations();
  }

  async refreshConversations(): Promise<void> {
    const collection = this.get().collection;
    if (collection === null) return;
    try {
      const conversations = await this.#api.listConversations({ collection });
      if (this.get().collection === collection) this.set({ conversations });
    } catch (error) {
      this.set({ error: errorMessage(error) });
    }
  }

  newChat(): void {
    this.set({ conversationId: null, turns: [], scope: [], storedScope: null, error: "" });
  }

  /** "Ask this document": a new conversation about that document only, question box focused. */
  askAbout(documentId: string): void {
    this.newChat();
    this.set({ scope: [documentId], focusComposer: true });
  }

  /**
   * Adds a document chip to the next question's scope. In an open conversation the next question
   * is asked with the new scope, which is then stored in place of the old one.
   */
  pin(documentId: string): void {
    try {
      this.set((s) => ({ scope: withDocument(s.scope, documentId), error: "" }));
    } catch (error) {
      this.set({ error: errorMessage(error) });
    }
  }

  /** Removes a document chip; without chips the next question is about the whole collection. */
  unpin(documentId: string): void {
    this.set((s) => ({ scope: withoutDocument(s.scope, documentId) }));
  }

  /** Puts back the chips of the open conversation's stored scope. */
  restoreScope(): void {
    const stored = this.get().storedScope;
    if (stored !== null) this.set({ scope: [...stored] });
  }

  /** Whether the chips differ from the scope stored with the open conversation. */
  scopeEdited(): boolean {
    const { scope, storedScope } = this.get();
    return storedScope !== null && !sameScope(scope, storedScope);
  }

  composerFocused(): void {
    if (this.get().focusComposer) this.set({ focusComposer: false });
  }

  async openConversation(id: string): Promise<void> {
    try {
      const conversation = await this.#api.getConversation({ id });
      this.set({
        conversationId: conversation.id,
        scope: [...conversation.documents],
        storedScope: [...conversation.documents],
        turns: conversation.history.map((h, i) => ({
          key: `${conversation.id}-${i}`,
          question: h.question,
          requestId: "",
          streamed: h.answer.answer,
          answer: h.answer,
          status: "done",
          error: "",
          scopeChange: null,
        })),
        error: "",
      });
    } catch (error) {
      this.set({ error: errorMessage(error) });
    }
  }

  async deleteConversation(id: string): Promise<void> {
    try {
      await this.#api.deleteConversation({ id });
      if (this.get().conversationId === id) this.newChat();
      await this.refreshConversations();
    } catch (error) {
      this.set({ error: errorMessage(error) });
    }
  }

  /** Asks a question in the current conversation (a new one when none is open). */
  async ask(question: string, options: { replaceLast?: boolean } = {}): Promise<void> {
    const collection = this.get().collection;
    const text = question.trim();
    if (collection === null || text === "" || this.get().activeRequestId !== null) return;
    const requestId = newRequestId("ask");
    const { scope, storedScope, conversationId: askedIn } = this.get();
    const documents = documentsToSend(scope, storedScope);
    const turn: ChatTurn = {
      key: requestId,
      question: text,
      requestId,
      streamed: "",
      answer: null,
      status: "streaming",
      error: "",
      scopeChange: storedScope !== null && documents !== undefined ? documents : null,
    };
    this.set((s) => ({
      turns: options.replaceLast === true ? [...s.turns.slice(0, -1), turn] : [...s.turns, turn],
      activeRequestId: requestId,
      error: "",
    }));
    try {
      const { conversationId, answer } = await this.#api.ask({
        question: text,
        collection,
        conversationId: askedIn,
        requestId,
        ...(documents === undefined ? {} : { documents }),
      });
      const stopped = this.#stopRequested.has(requestId);
      this.#update(requestId, {
        answer,
        streamed: answer.answer,
        status: stopped ? "stopped" : "done",
      });
      // Only when the question is still on screen: not after "New chat" or another conversation.
      if (this.get().turns.some((t) => t.requestId === requestId))
        this.set({ conversationId, storedScope: documents ?? storedScope ?? [] });
      await this.refreshConversations();
    } catch (error) {
      const stopped = this.#stopRequested.has(requestId);
      this.#update(requestId, {
        status: stopped ? "stopped" : "error",
        error: stopped ? "" : errorMessage(error),
      });
    } finally {
      this.#stopRequested.delete(requestId);
      if (this.get().activeRequestId === requestId) this.set({ activeRequestId: null });
    }
  }

  /** Stops the answer being generated; what streamed so far stays visible. */
  async stop(): Promise<void> {
    const requestId = this.get().activeRequestId;
    if (requestId === null) return;
    this.#stopRequested.add(requestId);
    try {
      await this.#api.abortAsk({ requestId });
    } catch (error) {
      this.set({ error: errorMessage(error) });
    }
  }

  /** Asks the last question again, replacing its answer on screen. */
  async regenerate(): Promise<void> {
    const last = this.get().turns.at(-1);
    if (last === undefined) return;
    await this.ask(last.question, { replaceLast: true });
  }

  /**
   * Saves the current conversation as Markdown or as a PDF report: main asks where with a save
   * dialog and writes the file; nothing happens when the dialog is cancelled.
   */
  async exportConversation(format: ExportFormat): Promise<void> {
    const id = this.get().conversationId;
    if (id === null || this.get().exporting) return;
    this.set({ exporting: true, exportNotice: "" });
    try {
      const result = await this.#api.exportConversationWithDialog({ id, format });
      this.set({ exportNotice: result.saved ? `Saved ${result.fileName ?? "the file"}.` : "" });
    } catch (error) {
      this.set({ error: errorMessage(error) });
    } finally {
      this.set({ exporting: false });
    }
  }

  #update(requestId: string, patch: Partial<ChatTurn>): void {
    this.set((s) => ({
      turns: s.turns.map((t) => (t.requestId === requestId ? { ...t, ...patch } : t)),
    }));
  }
}
