import { describe, expect, it } from "vitest";
import { claimedFormat } from "../../../electron/engine/ingest/sniffFormat";
import { importDialogExtensions } from "../../../shared/formats";

describe("the formats the import dialog offers", () => {
  it("are exactly those the importer takes", () => {
    const offered = importDialogExtensions();
    for (const ext of offered) expect(claimedFormat(`/docs/manual.${ext}`), ext).not.toBeNull();
    // The old hand-written dialog list missed these although the importer took them.
    expect(offered).toEqual(
      expect.arrayContaining(["xhtml", "mdown", "text", "log", "rst", "csv"]),
    );
    // Photos are read with OCR now; a video is still nothing the importer takes.
    expect(claimedFormat("/docs/photo.png")).toBe("image");
    expect(claimedFormat("/docs/interview.mp4")).toBeNull();
  });

  it("match an extension whatever its case", () => {
    expect(claimedFormat("/docs/REPORT.PDF")).toBe("pdf");
  });
});
