import { describe, expect, it } from "vitest";
import { and, eq, inList, literal } from "../../../electron/engine/store/where";

describe("where strings", () => {
  it("quotes values so a name with quotes cannot change the filter", () => {
    expect(eq("name", "O'Brien")).toBe("name = 'O''Brien'");
    expect(inList("doc_id", ["a", "x') OR (1=1"])).toBe("doc_id IN ('a', 'x'') OR (1=1')");
  });

  it("an empty list matches nothing", () => {
    expect(inList("doc_id", [])).toBe("false");
  });

  it("numbers pass through, non-finite numbers and NUL are refused", () => {
    expect(and(eq("page", 3), eq("doc_id", "d"))).toBe("(page = 3) AND (doc_id = 'd')");
    expect(() => literal(Number.NaN)).toThrow(RangeError);
    expect(() => literal("a\u0000b")).toThrow(RangeError);
  });
});
