/**
 * A rehype plugin for answers: turns encoded markers (see encodeMarkers) into citation elements
 * and wraps sentences the engine found unsupported. Works on the Markdown's HTML tree, so no raw
 * HTML is ever parsed.
 */
import type { Element, ElementContent, Root, RootContent, Text } from "hast";
import { decodeMarkers, encodeMarkers, encodedMarker } from "./encodeMarkers";

export interface RehypeAnswerOptions {
  /** Sentences to flag, as the engine returned them (markers included). Default: none. */
  unsupported?: readonly string[];
}

/** Tag name of the citation element; react-markdown maps it to <CitationChip>. */
export const citationTag = "sup";
export const unsupportedClass = "unsupported";

/** Forms the sentence may take in the rendered text, most complete first. */
function candidates(sentence: string): string[] {
  const exact = encodeMarkers(sentence.trim());
  const stripped = exact.replace(new RegExp(`\\s*${encodedMarker.source}`, "g"), "").trim();
  return [exact, stripped, stripped.replace(/[.!?:;]+$/, "")];
}

function splitUnsupported(node: Text, sentences: readonly string[]): ElementContent[] {
  for (const sentence of sentences) {
    const needle = candidates(sentence).find((c) => c.length >= 8 && node.value.includes(c));
    if (needle === undefined) continue;
    const at = node.value.indexOf(needle);
    const before: Text = { type: "text", value: node.value.slice(0, at) };
    const after: Text = { type: "text", value: node.value.slice(at + needle.length) };
    const flagged: Element = {
      type: "element",
      tagName: "span",
      properties: { className: [unsupportedClass], title: "Not supported by the cited sources" },
      children: [{ type: "text", value: needle }],
    };
    return [
      ...splitUnsupported(before, sentences),
      flagged,
      ...splitUnsupported(after, sentences),
    ].filter((n) => n.type !== "text" || n.value !== "");
  }
  return [node];
}

function splitMarkers(node: Text): ElementContent[] {
  const out: ElementContent[] = [];
  let last = 0;
  for (const m of node.value.matchAll(encodedMarker)) {
    if (m.index > last) out.push({ type: "text", value: node.value.slice(last, m.index) });
    out.push({
      type: "element",
      tagName: citationTag,
      properties: { dataCite: m[1] },
      children: [{ type: "text", value: `[${m[1]}]` }],
    });
    last = m.index + m[0].length;
  }
  if (last < node.value.length) out.push({ type: "text", value: node.value.slice(last) });
  return out;
}

function transform(
  children: (RootContent | ElementContent)[],
  sentences: readonly string[],
): ElementContent[] {
  const out: ElementContent[] = [];
  for (const child of children) {
    if (child.type === "text") {
      for (const piece of splitUnsupported(child, sentences)) {
        if (piece.type === "text") out.push(...splitMarkers(piece));
        else if (piece.type === "element")
          out.push({ ...piece, children: transform(piece.children, []) });
        else out.push(piece);
      }
    } else if (child.type === "element") {
      // Markers inside code are part of the code, not citations.
      if (child.tagName === "code" || child.tagName === "pre") out.push(decodeCode(child));
      else out.push({ ...child, children: transform(child.children, sentences) });
    } else if (child.type !== "doctype") {
      out.push(child);
    }
  }
  return out;
}

function decodeCode(node: Element): Element {
  return {
    ...node,
    children: node.children.map((c) =>
      c.type === "text"
        ? { ...c, value: decodeMarkers(c.value) }
        : c.type === "element"
          ? decodeCode(c)
          : c,
    ),
  };
}

export function rehypeAnswer(options: RehypeAnswerOptions = {}) {
  const sentences = options.unsupported ?? [];
  return (tree: Root): Root => ({ ...tree, children: transform(tree.children, sentences) });
}
