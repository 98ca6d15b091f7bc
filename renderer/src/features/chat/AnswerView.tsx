import Markdown, { type Components } from "react-markdown";
import { useMemo } from "react";
import type { Citation } from "../../../../shared/types";
import { encodeMarkers } from "../../lib/encodeMarkers";
import { rehypeAnswer } from "../../lib/rehypeAnswer";
import type { ChatTurn } from "../../stores/ChatStore";
import { CitationChip } from "./CitationChip";
import { PageNote } from "./ScopeNotes";
import { SourcesList } from "./SourcesList";

export interface AnswerViewProps {
  turn: ChatTurn;
  onOpen: (c: Citation) => void;
}

/** One answer: streamed Markdown with citation chips, flagged sentences, sources and states. */
export function AnswerView({ turn, onOpen }: AnswerViewProps) {
  const answer = turn.answer;
  const text = answer?.answer ?? turn.streamed;
  const byNumber = useMemo(() => new Map((answer?.sources ?? []).map((c) => [c.n, c])), [answer]);
  const unsupported = answer?.unsupported;
  const components = useMemo<Components>(
    () => ({
      sup: ({ node, children }) => {
        const n = Number(node?.properties?.["dataCite"]);
        if (!Number.isInteger(n)) return <sup>{children}</sup>;
        return <CitationChip n={n} citation={byNumber.get(n)} onOpen={onOpen} />;
      },
      a: ({ children }) => <span className="link-text">{children}</span>,
      img: ({ alt }) => <span className="muted">[image: {alt}]</span>,
    }),
    [byNumber, onOpen],
  );
  const rehypePlugins = useMemo(
    () => [[rehypeAnswer, { unsupported: unsupported ?? [] }] as const],
    [unsupported],
  );

  if (answer !== null && !answer.found) {
    return (
      <div className="not-found" role="status" data-testid="not-found">
        <strong>The documents do not answer this.</strong>
        <p>
          Nothing in this collection supports an answer. Try other words, another collection, or
          import the document that covers it.
        </p>
        {answer.notice !== "" && <p className="notice">{answer.notice}</p>}
        <PageNote note={answer.pageNote} />
      </div>
    );
  }
  return (
    <div className="answer" data-testid="answer" aria-busy={turn.status === "streaming"}>
      {answer?.mode === "extractive" && (
        <p className="notice" data-testid="extractive-notice">
          <strong>Extractive answer:</strong>{" "}
          {answer.notice !== "" ? answer.notice : "the most relevant passages, quoted as found."}
        </p>
      )}
      <PageNote note={answer?.pageNote} />
      {text === "" && turn.status === "streaming" ? (
        <p className="muted thinking">Searching the documents…</p>
      ) : (
        <div className="markdown">
          <Markdown rehypePlugins={rehypePlugins as never} components={components} skipHtml>
            {encodeMarkers(text)}
          </Markdown>
        </div>
      )}
      {turn.status === "stopped" && <p className="muted">Stopped.</p>}
      {turn.status === "error" && (
        <p role="alert" className="banner error">
          {turn.error}
        </p>
      )}
      {answer !== null && answer.unsupported.length > 0 && (
        <p className="muted small">
          <span className="unsupported-key">Dotted underline</span>: not supported by the cited
          sources; check before relying on it.
        </p>
      )}
      {answer !== null && <SourcesList citations={answer.citations} onOpen={onOpen} />}
      {answer !== null && answer.omittedSources > 0 && (
        <p className="muted small">
          {answer.omittedSources === 1
            ? "1 more relevant passage did not fit the model's context."
            : `${answer.omittedSources} more relevant passages did not fit the model's context.`}
        </p>
      )}
    </div>
  );
}
