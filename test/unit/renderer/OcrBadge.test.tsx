import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { OcrBadge, ocrSuffix } from "../../../renderer/src/components/OcrBadge";

describe("the OCR label on citations and search results", () => {
  it('says "OCR, 93%" for a passage read confidently from a scan', () => {
    const html = renderToStaticMarkup(<OcrBadge confidence={93.4} />);
    expect(html).toContain("OCR, 93%");
    expect(html).not.toContain("low confidence");
    expect(html).not.toContain("data-low-confidence");
  });

  it("marks a passage under the confidence floor as low confidence", () => {
    const html = renderToStaticMarkup(<OcrBadge confidence={41} />);
    expect(html).toContain("OCR, 41%, low confidence");
    expect(html).toContain('data-low-confidence="true"');
    expect(html).toContain("check the page image");
  });

  it("shows nothing for text from a text layer", () => {
    expect(renderToStaticMarkup(<OcrBadge confidence={undefined} />)).toBe("");
    expect(ocrSuffix(undefined)).toBe("");
    expect(ocrSuffix(88)).toBe(", OCR, 88%");
  });
});
