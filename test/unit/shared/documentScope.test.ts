import { describe, expect, it } from "vitest";
import { methods } from "../../../shared/contract";

const id = (c: string): string => c.repeat(64);

describe("the contract's document scope", () => {
  it("lets search and ask name up to 50 documents, or none", () => {
    const search = { query: "page 14", collections: ["A"], limit: 5 };
    expect(methods.search.input.safeParse(search).success).toBe(true);
    expect(methods.search.input.safeParse({ ...search, documents: [id("a")] }).success).toBe(true);
    const ask = { question: "Who signed?", collection: "A", conversationId: null, requestId: "r1" };
    expect(methods.ask.input.safeParse({ ...ask, documents: [] }).success).toBe(true);
    expect(methods.ask.input.safeParse({ ...ask, documents: [id("b"), id("c")] }).success).toBe(
      true,
    );
  });

  it("refuses more than 50 documents, and anything that is not a document id", () => {
    const search = { query: "x", collections: ["A"], limit: 5 };
    const many = Array.from({ length: 51 }, (_, i) => i.toString(16).padStart(64, "0"));
    const tooMany = methods.search.input.safeParse({ ...search, documents: many });
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues[0]?.message).toBe(
      "A question can be scoped to at most 50 documents.",
    );
    expect(methods.search.input.safeParse({ ...search, documents: ["manual.pdf"] }).success).toBe(
      false,
    );
    expect(methods.search.input.safeParse({ ...search, documents: ["' OR 1=1 --"] }).success).toBe(
      false,
    );
  });
});
