import { describe, expect, it } from "vitest";
import { stem } from "../../../shared/text";

describe("the stemmer", () => {
  it("brings plural and verb forms of a word together", () => {
    for (const form of ["plots", "plotting", "plotted"]) expect(stem(form)).toBe(stem("plot"));
    for (const form of ["installs", "installed", "installing"])
      expect(stem(form)).toBe(stem("install"));
    expect(stem("libraries")).toBe(stem("library"));
    expect(stem("configured")).toBe(stem("configure"));
  });

  it("keeps short words, words with digits and words ending in -ss, -us or -is as written", () => {
    for (const word of ["use", "x11", "utf8", "class", "status", "analysis"])
      expect(stem(word)).toBe(word);
  });
});
