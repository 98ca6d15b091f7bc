import { useEffect, useRef, useState } from "react";
import type { PageText } from "../../../../shared/types";
import { getEnclaveApi } from "../../api";
import { Marked } from "../../components/Marked";
import { markRange } from "../../lib/markText";
import { errorMessage } from "../../stores/Store";

/** A page of a non-PDF document as text, with the passage in <mark>. */
export function TextPage({
  documentId,
  page,
  range,
}: {
  documentId: string;
  page: number;
  range: { start: number; end: number } | null;
}) {
  const [text, setText] = useState<PageText | null>(null);
  const [error, setError] = useState("");
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cancelled = false;
    getEnclaveApi()
      .getPageText({ documentId, page })
      .then((t) => !cancelled && setText(t))
      .catch((e: unknown) => !cancelled && setError(errorMessage(e)));
    return () => {
      cancelled = true;
    };
  }, [documentId, page]);
  const markStart = range?.start ?? null;
  useEffect(() => {
    ref.current?.querySelector("mark")?.scrollIntoView?.({ block: "center" });
  }, [text, markStart]);
  if (error !== "")
    return (
      <p role="alert" className="banner error">
        {error}
      </p>
    );
  if (text === null) return <p className="muted pad">Loading…</p>;
  return (
    <div ref={ref} className="text-page" data-testid="text-page" data-page={page}>
      <Marked
        segments={
          range === null
            ? [{ text: text.text, marked: false }]
            : markRange(text.text, range.start, range.end)
        }
      />
    </div>
  );
}
