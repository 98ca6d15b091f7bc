import { describe, expect, it } from "vitest";
import { finderTerms } from "../../../electron/engine/store/ftsQuery";

describe("the body query's terms", () => {
  const common = new Set(["data", "r", "1"]);

  it("leave out common words while two or more rarer ones remain", () => {
    expect(finderTerms(["read", "data", "csv", "r"], common)).toEqual(["read", "csv"]);
  });

  it("keep every word when fewer than two rarer ones would remain", () => {
    expect(finderTerms(["data", "csv", "r"], common)).toEqual(["data", "csv", "r"]);
    expect(finderTerms(["data", "r"], common)).toEqual(["data", "r"]);
  });
});
