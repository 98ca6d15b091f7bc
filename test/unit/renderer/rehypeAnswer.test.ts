import type { Element, Root } from "hast";
import { describe, expect, it } from "vitest";
import { encodeMarkers } from "../../../renderer/src/lib/encodeMarkers";
import {
  citationTag,
  rehypeAnswer,
  unsupportedClass,
} from "../../../renderer/src/lib/rehypeAnswer";

/** A paragraph whose text went through Markdown parsing: escapes are already resolved. */
const p = (...children: Element["children"]): Root => ({
  type: "root",
  children: [{ type: "element", tagName: "p", properties: {}, children }],
});
const text = (value: string) => ({ type: "text" as const, value });

function elements(node: Root | Element, tag: string): Element[] {
  const out: Element[] = [];
  for (const c of node.children) {
    if (c.type === "element") {
      if (c.tagName === tag) out.push(c);
      out.push(...elements(c, tag));
    }
  }
  return out;
}

describe("answer rendering", () => {
  it("turns [n] markers, including groups and ranges, into citation elements carrying their numbers", () => {
    const tree = rehypeAnswer()(
      p(text(encodeMarkers("Use R_LIBS_USER [2] or .libPaths() [3, 5-6]."))),
    );
    expect(elements(tree, citationTag).map((e) => e.properties["dataCite"])).toEqual([
      "2",
      "3",
      "5",
      "6",
    ]);
  });

  it("leaves escaped brackets (quoted code in extractive answers) as text", () => {
    expect(encodeMarkers("Index with x\\[1\\] [1].")).toBe("Index with x\\[1\\] \uE0001\uE001.");
  });

  it("shows markers inside code as the code's own brackets", () => {
    const tree = rehypeAnswer()(
      p({
        type: "element",
        tagName: "code",
        properties: {},
        children: [text(encodeMarkers("x[1]"))],
      }),
    );
    expect(elements(tree, citationTag)).toHaveLength(0);
    expect(elements(tree, "code")[0]?.children[0]).toMatchObject({ value: "x[1]" });
  });

  it("flags an unsupported sentence and still makes its marker a citation", () => {
    const tree = rehypeAnswer({ unsupported: ["The pump runs on diesel [1]."] })(
      p(text(encodeMarkers("Filters last 200 hours [1]. The pump runs on diesel [1]."))),
    );
    const flagged = elements(tree, "span").filter((s) =>
      (s.properties["className"] as string[]).includes(unsupportedClass),
    );
    expect(flagged).toHaveLength(1);
    expect(flagged[0]?.children[0]).toMatchObject({ value: "The pump runs on diesel " });
    expect(elements(tree, citationTag)).toHaveLength(2);
  });
});
