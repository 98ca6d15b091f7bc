import { describe, expect, it } from "vitest";
import { isFollowUp, rewriteFollowUp } from "../../../electron/engine/answer/rewriteFollowUp";

describe("rewriteFollowUp", () => {
  it("carries the previous question's subject into a short follow-up", () => {
    const q = rewriteFollowUp("and on Windows?", [
      "How do I install R packages from source on Linux?",
    ]);
    expect(q).toMatch(/^On Windows/);
    expect(q).toContain("packages");
    expect(q).not.toMatch(/\bLinux\b.*\bLinux\b/);
  });

  it("resolves a pronoun follow-up with the names of the previous question first", () => {
    const q = rewriteFollowUp("what about its default?", [
      "Which values can R_PAPERSIZE take when building R?",
    ]);
    expect(q).toContain("R_PAPERSIZE");
    expect(q).toMatch(/^Its default/);
  });

  it("leaves a question that stands on its own unchanged", () => {
    const q = "How many significant digits does Octave keep when saving data in text format?";
    expect(isFollowUp(q)).toBe(false);
    expect(rewriteFollowUp(q, ["How do I plot in gnuplot?"])).toBe(q);
  });

  it("leaves the first question of a conversation unchanged", () => {
    expect(rewriteFollowUp("and on Windows?", [])).toBe("and on Windows?");
  });
});
