import type { TextSegment } from "../lib/markText";

/** Renders text segments, the marked ones in <mark>. */
export function Marked({ segments }: { segments: TextSegment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.marked ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>,
      )}
    </>
  );
}
