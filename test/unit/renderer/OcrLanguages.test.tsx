import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { OcrLanguages } from "../../../renderer/src/features/models/OcrLanguages";

describe("OCR languages in the models panel", () => {
  it("shows each language, where it comes from, and which are in use", () => {
    const html = renderToStaticMarkup(
      <OcrLanguages
        languages={[
          { code: "eng", source: "built-in", inUse: true },
          { code: "fra", source: "policy-folder", inUse: false },
          { code: "spa", source: "missing", inUse: true },
        ]}
      />,
    );
    expect(html).toContain("<code>eng</code>");
    expect(html).toContain("built in");
    expect(html).toContain("added by your organisation");
    expect(html).toContain("not installed: OCR fails until IT adds it");
    expect(html.match(/in use<\/span>/g)).toHaveLength(1);
  });

  it("shows nothing for an engine that does not list them", () => {
    expect(renderToStaticMarkup(<OcrLanguages languages={undefined} />)).toBe("");
  });
});
