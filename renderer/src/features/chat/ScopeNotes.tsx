import { describeScope } from "../../lib/scopeChips";
import { useScopeChips } from "./useScopeChips";

/** Above a question that changed the conversation's scope: what it (and later ones) read. */
export function ScopeChangeNote({ documents }: { documents: string[] }) {
  const chips = useScopeChips(documents);
  return (
    <p className="scope-change muted small" data-testid="scope-change">
      {chips.length === 0
        ? "From here on: the whole collection."
        : `From here on: only ${describeScope(chips)}.`}
    </p>
  );
}

/** In the conversation list: the documents a stored conversation is scoped to. */
export function ConversationScope({ documents }: { documents: string[] }) {
  const chips = useScopeChips(documents);
  if (chips.length === 0) return null;
  return (
    <span className="muted small conversation-scope" data-testid="conversation-scope">
      Only {describeScope(chips)}
    </span>
  );
}

/** Which page a page reference in the question was read as (Answer.pageNote). */
export function PageNote({ note }: { note: string | undefined }) {
  if (note === undefined || note === "") return null;
  return (
    <p className="page-note muted small" data-testid="page-note">
      {note}
    </p>
  );
}
