import { describe, expect, it } from "vitest";
import type { DocumentInfo } from "../../../shared/types";
import { resolveDocument } from "../../../electron/cli/resolveDocuments";

function doc(id: string, file: string, dir: string, title = file): DocumentInfo {
  return {
    id: id.repeat(64),
    title,
    file,
    path: `${dir}/${file}`,
    format: "pdf",
    pages: 1,
    chunks: 1,
    bytes: 1,
    collections: ["A"],
    status: "ready",
    importedAt: "2026-01-01T00:00:00Z",
    language: "en",
  };
}

const docs = [
  doc("a", "manual.pdf", "/docs/2024", "Pump Manual"),
  doc("b", "manual.pdf", "/docs/2025", "Pump Manual 2025"),
  doc("c", "contract.pdf", "/docs", "Supply Contract"),
];

describe("--document <id-or-file-name>", () => {
  it("resolves an id, an id prefix, a file name, a path or a title", () => {
    expect(resolveDocument("c".repeat(64), docs, "A").file).toBe("contract.pdf");
    expect(resolveDocument("cccccccc", docs, "A").file).toBe("contract.pdf");
    expect(resolveDocument("contract.pdf", docs, "A").file).toBe("contract.pdf");
    expect(resolveDocument("Contract", docs, "A").file).toBe("contract.pdf");
    expect(resolveDocument("/docs/2025/manual.pdf", docs, "A").id).toBe("b".repeat(64));
    expect(resolveDocument("Supply Contract", docs, "A").file).toBe("contract.pdf");
  });

  it("refuses an ambiguous name, listing the documents it could mean", () => {
    expect(() => resolveDocument("manual.pdf", docs, "A")).toThrow(
      /matches 2 documents in collection "A"; name one by its id or full path:\n {2}manual\.pdf .*\/docs\/2024\/manual\.pdf\)\n {2}manual\.pdf .*\/docs\/2025/,
    );
  });

  it("refuses an unknown name, listing close candidates or else the collection's documents", () => {
    expect(() => resolveDocument("contr", docs, "A")).toThrow(/Did you mean:\n {2}contract\.pdf/);
    expect(() => resolveDocument("invoice.pdf", docs, "A")).toThrow(
      /No document in collection "A" is named invoice\.pdf\. Its documents:\n(?:.*\n){2}.*contract\.pdf/,
    );
  });
});
