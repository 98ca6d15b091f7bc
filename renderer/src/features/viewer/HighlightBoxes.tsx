import type { RefObject } from "react";
import type { HighlightBox } from "../../lib/highlightBoxes";

/** The passage's highlight boxes over a drawn page (PDF canvas or image); the first takes `firstRef`. */
export function HighlightBoxes({
  boxes,
  firstRef,
}: {
  boxes: readonly HighlightBox[];
  firstRef: RefObject<HTMLDivElement | null>;
}) {
  return boxes.map((b, i) => (
    <div
      key={i}
      ref={i === 0 ? firstRef : undefined}
      className="highlight-box"
      data-testid="highlight-box"
      data-text={b.text}
      style={{ left: b.left, top: b.top, width: b.width, height: b.height }}
    />
  ));
}
