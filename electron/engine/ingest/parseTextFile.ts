import { readFile } from "node:fs/promises";
import type { DocumentFormat } from "../../../shared/types";
import { decodeText, looksBinary } from "./decodeText";
import { detectHeadings } from "./detectHeadings";
import { htmlToPage } from "./htmlToPage";
import { markdownHeadings } from "./markdownHeadings";
import type { HeadingMark } from "./types";

/** A text file read into one page: what crosses back from the worker. */
export interface ParsedTextFile {
  format: Extract<DocumentFormat, "html" | "markdown" | "text">;
  /** The HTML <title>, "" for the other formats. */
  title: string;
  text: string;
  headings: HeadingMark[];
}

/**
 * Reads a file sniffed as text: decodes it (BOM, UTF-8, legacy encodings), then applies the
 * HTML, Markdown or plain-text rule. "binary" when the decoded text is not text after all. Runs
 * in a pool worker: a file of up to the import limit (1 GiB) becomes a string twice its size, and
 * the regular expressions over it take seconds, which must not stop the main thread.
 */
export async function parseTextFile(
  path: string,
  claimed: string | null,
): Promise<ParsedTextFile | "binary"> {
  const decoded = decodeText(await readFile(path));
  if (looksBinary(decoded.text)) return "binary";
  const text = decoded.text.replace(/\r\n?/g, "\n");
  const looksHtml = /^\s*(?:<!doctype html|<html[\s>])/i.test(text.slice(0, 1024));
  if (claimed === "html" || (claimed !== "markdown" && looksHtml)) {
    const page = htmlToPage(text);
    return { format: "html", title: page.title, text: page.text, headings: page.headings };
  }
  if (claimed === "markdown")
    return { format: "markdown", title: "", text, headings: markdownHeadings(text) };
  return { format: "text", title: "", text, headings: detectHeadings(text, { titleCase: true }) };
}
