import type { Citation } from "../../../../shared/types";
import { OcrBadge } from "../../components/OcrBadge";
import { formatPage } from "../../lib/format";

/** The cited sources under an answer; each opens the document at its page. */
export function SourcesList({
  citations,
  onOpen,
}: {
  citations: Citation[];
  onOpen: (c: Citation) => void;
}) {
  if (citations.length === 0) return null;
  return (
    <section className="sources" aria-label="Sources">
      <h3>Sources</h3>
      <ol>
        {citations.map((c) => (
          <li key={c.n} value={c.n}>
            <button
              type="button"
              className="source-link"
              data-testid="source-item"
              onClick={() => onOpen(c)}
            >
              <span className="source-n">{c.n}</span>
              <span className="source-title">{c.title}</span>
              <span className="source-page">
                {formatPage(c.page, c.pageEnd, c.pageLabel)}
                <OcrBadge confidence={c.ocr} />
              </span>
              {c.heading !== "" && <span className="source-section">{c.heading}</span>}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
