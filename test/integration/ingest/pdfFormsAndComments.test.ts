import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../electron/engine/ingest/parseDocument";
import { makeFormPdf } from "../../fixtures/documents/makeFormPdf";
import { allPages, useTempDirAndPool } from "./helpers";

const setup = useTempDirAndPool();

async function pageText(name: string, pdf: Uint8Array): Promise<string> {
  const path = await setup.tmp().write(name, pdf);
  const pages = await allPages(await parseDocument(path, { pool: setup.pool() }));
  expect(pages).toHaveLength(1);
  return pages[0]?.text ?? "";
}

describe("PDF text outside the page content", () => {
  it("imports a filled-in form with no other text: field values and chosen options, but no passwords or hidden fields", async () => {
    const text = await pageText(
      "claim.pdf",
      await makeFormPdf({
        textFields: [
          { name: "claimant", value: "Margarethe Vollmer" },
          { name: "policy", value: "Policy QX-4471" },
          { name: "pin", value: "s3cret-pin", password: true },
          { name: "internal", value: "routing note 99", hidden: true },
        ],
        dropdown: { name: "branch", options: ["Bremen", "Kassel"], selected: "Kassel" },
      }),
    );
    expect(text).toContain("Margarethe Vollmer");
    expect(text).toContain("Policy QX-4471");
    expect(text).toContain("Kassel");
    expect(text).not.toContain("Bremen");
    expect(text).not.toContain("s3cret-pin");
    expect(text).not.toContain("routing note");
  });

  it("adds comments and free-text boxes after the page's own text, which keeps its offsets", async () => {
    const bodyLines = ["Section 4 covers the pump seals.", "Replace them every 2,000 hours."];
    const plain = await pageText("plain.pdf", await makeFormPdf({ bodyLines }));
    const annotated = await pageText(
      "reviewed.pdf",
      await makeFormPdf({
        bodyLines,
        freeText: "Checked against the 2023 revision",
        note: "Ask the vendor about seal kit 7B",
      }),
    );
    expect(plain).toContain("Replace them every 2,000 hours.");
    // The page's own text is a prefix, so passages found in it highlight exactly as before.
    expect(annotated.startsWith(plain)).toBe(true);
    const tail = annotated.slice(plain.length);
    expect(tail).toContain("Checked against the 2023 revision");
    // The popup repeats the note; it is indexed once.
    expect(tail.split("Ask the vendor about seal kit 7B")).toHaveLength(2);
  });

  it("imports a form whose only text is a push button's caption", async () => {
    const text = await pageText(
      "button.pdf",
      await makeFormPdf({ buttonCaption: "Submit the inspection report" }),
    );
    expect(text).toBe("Submit the inspection report");
  });
});
