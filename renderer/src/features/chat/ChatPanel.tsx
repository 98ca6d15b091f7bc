import { useCallback, useEffect, useRef } from "react";
import type { Citation } from "../../../../shared/types";
import { useStores } from "../../StoresContext";
import { formatDate } from "../../lib/format";
import { useStore } from "../../stores/useStore";
import { AnswerView } from "./AnswerView";
import { AskEmptyState } from "./AskEmptyState";
import { Composer } from "./Composer";
import { TurnActions } from "./TurnActions";
import { ScopeBar } from "./ScopeBar";
import { ConversationScope, ScopeChangeNote } from "./ScopeNotes";
import { useScopeLabel } from "./useScopeChips";

/** Conversations of the current collection beside the open conversation. */
export function ChatPanel() {
  const { chat, viewer, app } = useStores();
  const state = useStore(chat);
  const { info } = useStore(app);
  const endRef = useRef<HTMLDivElement>(null);
  const openCitation = useCallback((c: Citation) => viewer.open(c), [viewer]);
  const last = state.turns.at(-1);
  const scopeLabel = useScopeLabel();
  const composerFocused = useCallback(() => chat.composerFocused(), [chat]);

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: "end" });
  }, [last?.streamed, state.turns.length]);

  return (
    <div className="chat">
      <aside className="sidebar" aria-label="Conversations">
        <button type="button" className="primary wide" onClick={() => chat.newChat()}>
          New chat
        </button>
        <ul className="conversation-list">
          {state.conversations.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className={c.id === state.conversationId ? "conversation active" : "conversation"}
                aria-current={c.id === state.conversationId ? "true" : undefined}
                onClick={() => void chat.openConversation(c.id)}
              >
                <span className="conversation-title">{c.title}</span>
                <span className="muted small">
                  {c.turns} {c.turns === 1 ? "question" : "questions"} · {formatDate(c.updatedAt)}
                </span>
                <ConversationScope documents={c.documents} />
              </button>
            </li>
          ))}
          {state.conversations.length === 0 && (
            <li className="muted small pad">No conversations in this collection yet.</li>
          )}
        </ul>
      </aside>
      <section className="thread" aria-label="Conversation">
        <div className="turns" aria-live="polite">
          {state.turns.length === 0 && <AskEmptyState />}
          {state.turns.map((turn, i) => (
            <article key={turn.key} className="turn" aria-label={`Question ${i + 1}`}>
              {turn.scopeChange !== null && <ScopeChangeNote documents={turn.scopeChange} />}
              <p className="question">{turn.question}</p>
              <AnswerView turn={turn} onOpen={openCitation} />
              {i === state.turns.length - 1 && (
                <TurnActions
                  turn={turn}
                  exportDisabled={info?.exportDisabled ?? true}
                  hasConversation={state.conversationId !== null}
                />
              )}
            </article>
          ))}
          <div ref={endRef} />
        </div>
        {state.error !== "" && (
          <p role="alert" className="banner error">
            {state.error}
          </p>
        )}
        <Composer
          collection={state.collection}
          busy={state.activeRequestId !== null}
          onAsk={(q) => void chat.ask(q)}
          onStop={() => void chat.stop()}
          scopeLabel={scopeLabel}
          focusRequested={state.focusComposer}
          onFocused={composerFocused}
        >
          <ScopeBar />
        </Composer>
      </section>
    </div>
  );
}
