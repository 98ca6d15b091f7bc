import { describe, expect, it } from "vitest";
import { sniffFormat } from "../../../electron/engine/ingest/sniffFormat";

const head = (s: string): Uint8Array => Buffer.from(s, "latin1");

describe("telling a PDF by its first bytes", () => {
  it("finds the %PDF- header anywhere in the first KiB, after junk a mail gateway prepended", () => {
    expect(sniffFormat(head("%PDF-1.7\n1 0 obj"))).toEqual({ kind: "pdf" });
    expect(sniffFormat(head(`${"x".repeat(600)}\n%PDF-1.4\n`))).toEqual({ kind: "pdf" });
  });

  it("takes a PDF body without its header line, as PDF readers do", () => {
    expect(sniffFormat(head("%\xe2\xe3\xcf\xd3\n1 0 obj \n<<\n/Pages 2 0 R"))).toEqual({
      kind: "pdf",
    });
    expect(sniffFormat(head("\r\n12 0 obj<</Type/Catalog>>"))).toEqual({ kind: "pdf" });
  });

  it("does not take text that mentions PDF objects, or other formats, for a PDF", () => {
    expect(sniffFormat(head("Notes:\n1 0 obj is the catalog"))).toEqual({ kind: "text" });
    expect(sniffFormat(head("1 0 objection was raised"))).toEqual({ kind: "text" });
    expect(sniffFormat(head("%!PS-Adobe-3.0\n%%Pages: 1\n"))).toEqual({ kind: "text" });
    expect(sniffFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toEqual({
      kind: "other",
      what: "a PNG image",
    });
  });
});
