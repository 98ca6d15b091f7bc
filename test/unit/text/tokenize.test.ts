import { describe, expect, it } from "vitest";
import { foldCase, indexWords, stem, tokenize } from "../../../shared/text";

describe("the tokeniser", () => {
  it("keeps code-like names, numbers and dates whole, with their positions", () => {
    const text = "Set R_LIBS_USER, call read.table; 0.66 on 03/21/95.";
    expect(tokenize(text).map((t) => [t.surface, text.slice(t.start, t.end)])).toEqual([
      ["Set", "Set"],
      ["R_LIBS_USER", "R_LIBS_USER"],
      ["call", "call"],
      ["read.table", "read.table"],
      ["0.66", "0.66"],
      ["on", "on"],
      ["03/21/95", "03/21/95"],
    ]);
  });

  it("gives each word a lower-cased, stemmed term and numbers their exact form", () => {
    expect(tokenize("Plotting 0.50 Values").map((t) => [t.term, t.numeric])).toEqual([
      [stem("plot"), false],
      ["0.50", true],
      [stem("value"), false],
    ]);
  });

  it("keeps a code-like name's term whole and a possessive's term as the word", () => {
    expect(tokenize("read.table R_LIBS_USER plot's").map((t) => t.term)).toEqual([
      "read.table",
      "r_libs_user",
      stem("plot"),
    ]);
  });

  it("flags stop words so callers can skip them", () => {
    expect(tokenize("How do I plot it").map((t) => t.stop)).toEqual([
      true,
      true,
      true,
      false,
      true,
    ]);
  });

  it("reads accented words the same whether typed with or without accents", () => {
    expect(tokenize("Café naïve").map((t) => t.term)).toEqual(
      tokenize("cafe naive").map((t) => t.term),
    );
    expect(tokenize("Cafe\u0301")[0]?.surface).toBe("Cafe\u0301");
  });

  it("sees the same words as the full-text index: letters and digits, lower-cased, accents folded", () => {
    expect(indexWords("Café Ångström naïve")).toEqual(["cafe", "angstrom", "naive"]);
    expect(indexWords("read.table('x.csv') isn't R_LIBS_USER 0.66")).toEqual([
      "read",
      "table",
      "x",
      "csv",
      "isn",
      "t",
      "r",
      "libs",
      "user",
      "0",
      "66",
    ]);
    expect(foldCase("Ångström™")).toBe("angstromtm");
  });

  it("loses no word of the index's tokenizer (every run of letters and digits) to the token scan", () => {
    const text =
      "Ånother  déjà-vu: x$y <- f(a_b, 'c.d'); ½ of #3 — naïve_Bayes.fit() ﬁle ™ e\u0301";
    expect(indexWords(text)).toEqual(foldCase(text).match(/[\p{L}\p{N}]+/gu));
  });
});
