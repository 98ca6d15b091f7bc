import { describe, expect, it } from "vitest";
import {
  encryptsOnlyAttachments,
  withoutAttachmentEncryption,
} from "../../../electron/engine/ingest/pdfEncryption";

const pdf = (encrypt: string, trailerEncrypt = "/Encrypt 9 0 R"): Uint8Array =>
  Buffer.from(
    `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n9 0 obj\n${encrypt}\nendobj\n` +
      `trailer\n<< /Size 10 /Root 1 0 R ${trailerEncrypt} /ID [<00><00>] >>\nstartxref\n0\n%%EOF\n`,
    "latin1",
  );

const ATTACHMENTS_ONLY =
  "<< /Filter /Standard /V 4 /R 4 /CF << /StdCF << /CFM /AESV2 /AuthEvent /EFOpen >> >> /StmF /Identity /StrF /Identity /EFF /StdCF /O <00> /U <00> /P -4 >>";

describe("PDFs encrypted only for their attachments", () => {
  it("are recognised by Identity stream and string filters", () => {
    expect(encryptsOnlyAttachments(pdf(ATTACHMENTS_ONLY))).toBe(true);
    // Absent filters mean Identity too.
    expect(
      encryptsOnlyAttachments(pdf("<< /Filter /Standard /V 5 /R 6 /EFF /StdCF /O <00> /U <00> >>")),
    ).toBe(true);
    // A direct dictionary in the trailer.
    expect(encryptsOnlyAttachments(pdf("<< >>", `/Encrypt ${ATTACHMENTS_ONLY}`))).toBe(true);
  });

  it("are not confused with PDFs whose pages are encrypted", () => {
    expect(
      encryptsOnlyAttachments(pdf(ATTACHMENTS_ONLY.replace("/StmF /Identity", "/StmF /StdCF"))),
    ).toBe(false);
    expect(
      encryptsOnlyAttachments(pdf(ATTACHMENTS_ONLY.replace("/StrF /Identity", "/StrF /StdCF"))),
    ).toBe(false);
    // Versions 1 and 2 have no crypt filters: everything is encrypted.
    expect(encryptsOnlyAttachments(pdf("<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> >>"))).toBe(
      false,
    );
    expect(encryptsOnlyAttachments(pdf(ATTACHMENTS_ONLY, ""))).toBe(false);
    // A trailer that points at an object the file lacks is not vouched for.
    expect(encryptsOnlyAttachments(pdf(ATTACHMENTS_ONLY, "/Encrypt 7 0 R"))).toBe(false);
  });

  it("lose only the trailer's /Encrypt key, with every byte offset kept", () => {
    const before = pdf(ATTACHMENTS_ONLY);
    const after = withoutAttachmentEncryption(before);
    expect(after.length).toBe(before.length);
    const text = Buffer.from(after).toString("latin1");
    expect(text).toContain("/Encryp_ 9 0 R");
    expect(text).not.toMatch(/\/Encrypt\b/);
    expect(Buffer.from(before).toString("latin1")).toContain("/Encrypt 9 0 R");
  });
});
