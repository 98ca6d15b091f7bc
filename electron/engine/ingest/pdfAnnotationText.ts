/**
 * The text a PDF page carries outside its content stream: filled-in form fields, free-text boxes
 * and comments (annotations). pdf.js `getTextContent` reads only the content stream, so a filled
 * form or a page of sticky notes would otherwise look empty; `pdftotext` reads them because it
 * draws the annotations' appearances.
 *
 * The text is appended after the page's own text (see `appendAnnotationText`), so every offset into
 * the page's own text stays what the viewer computes from `getTextContent`; a passage that reaches
 * into the appended part simply has no glyph boxes to highlight there.
 */
import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist";
import { loadPdfjs } from "./pdfjsRuntime";

/** The fields of a pdf.js annotation (`page.getAnnotations()`) this module reads. */
export interface AnnotationLike {
  subtype?: string;
  fieldType?: string;
  /** 0-based page the annotation is on (set by `getAnnotationsByType`). */
  pageIndex?: number;
  /** The annotation's /F flags (bit 2 Hidden, bit 6 NoView). */
  annotationFlags?: number;
  /** Form field flags and widget visibility, as pdf.js reports them. */
  hidden?: boolean;
  password?: boolean;
  pushButton?: boolean;
  fieldValue?: unknown;
  options?: { exportValue?: unknown; displayValue?: unknown }[];
  /** The text pdf.js read from the annotation's appearance stream (text fields, free text). */
  textContent?: unknown;
  contentsObj?: { str?: unknown };
}

/** Subtypes whose text is never content: links, and popups (which repeat their parent's comment). */
const NO_TEXT_SUBTYPES = new Set(["Link", "Popup"]);
/** Annotation flags Hidden (2) and NoView (32): a reader does not show the annotation. */
const NOT_SHOWN = 2 | 32;

function lines(value: string): string[] {
  return value
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

function shown(a: AnnotationLike): boolean {
  return a.hidden !== true && ((a.annotationFlags ?? 0) & NOT_SHOWN) === 0;
}

/** What one annotation says, as lines: what the reader sees in it, else the value behind it. */
export function annotationLines(a: AnnotationLike): string[] {
  if (!shown(a) || NO_TEXT_SUBTYPES.has(a.subtype ?? "")) return [];
  if (a.subtype === "Widget") {
    // A password field's value is a secret, not content; check boxes and radio buttons hold
    // export values ("Yes", "Off"), not text; a signature is not text either.
    if (a.password === true) return [];
    if (a.fieldType === "Tx") {
      // The value is what the form holds (and what a search should match); a field whose value
      // is missing can still show text in its appearance.
      const value = strings(a.fieldValue).join("\n");
      return lines(value.trim() !== "" ? value : strings(a.textContent).join("\n"));
    }
    if (a.fieldType === "Ch") {
      // A list or combo box stores export values; the reader sees the matching display values.
      return strings(a.fieldValue).flatMap((v) => {
        const option = a.options?.find((o) => o.exportValue === v);
        return lines(typeof option?.displayValue === "string" ? option.displayValue : v);
      });
    }
    return [];
  }
  // A comment's or text box's /Contents is the text its author typed; the appearance (drawn from
  // it) is the fallback, for boxes saved without one.
  const typed = typeof a.contentsObj?.str === "string" ? a.contentsObj.str : "";
  return lines(typed.trim() !== "" ? typed : strings(a.textContent).join("\n"));
}

type OperatorList = Awaited<ReturnType<PDFPageProxy["getOperatorList"]>>;

/**
 * The text that annotation appearance streams draw, one entry per annotation, read from the page's
 * operator list (glyphs carry their Unicode). Only operators between an annotation's begin and end
 * count, so nothing of the page's own content (for example text drawn outside the visible page)
 * gets in.
 */
export function appearanceText(
  list: OperatorList,
  ops: Record<
    | "beginAnnotation"
    | "endAnnotation"
    | "showText"
    | "nextLine"
    | "endText"
    | "moveText"
    | "setLeadingMoveText",
    number
  >,
): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  list.fnArray.forEach((fn, i) => {
    if (fn === ops.beginAnnotation) {
      if (depth === 0) current = "";
      depth++;
      return;
    }
    if (depth === 0) return;
    if (fn === ops.endAnnotation) {
      depth--;
      if (depth === 0) out.push(...lines(current));
    } else if (fn === ops.showText) {
      const glyphs: unknown = (list.argsArray[i] as unknown[] | undefined)?.[0];
      if (!Array.isArray(glyphs)) return;
      for (const g of glyphs as unknown[]) {
        // Numbers are kerning in thousandths of an em: a large negative one is a word gap.
        if (typeof g === "number") current += g < -250 ? " " : "";
        else if (g !== null && typeof g === "object" && "unicode" in g)
          current += typeof g.unicode === "string" ? g.unicode : "";
      }
    } else if (fn === ops.nextLine || fn === ops.endText) {
      current += "\n";
    } else if (fn === ops.moveText || fn === ops.setLeadingMoveText) {
      const args = list.argsArray[i] as unknown[] | undefined;
      if (typeof args?.[1] === "number" && args[1] !== 0) current += "\n";
    }
  });
  return out;
}

/**
 * The annotations of pages [from, to] (1-based) that can carry text, by page number. Read with
 * `getAnnotationsByType` rather than `page.getAnnotations`: that one also works out which page
 * text every link and highlight covers (a second text pass per page, which took minutes on a page
 * of 32,768 links), and links and popups are skipped here without being parsed.
 */
export async function readAnnotations(
  doc: PDFDocumentProxy,
  from: number,
  to: number,
): Promise<Map<number, AnnotationLike[]>> {
  const { AnnotationType } = await loadPdfjs();
  const types = new Set(
    Object.values(AnnotationType).filter(
      (t) => t !== AnnotationType.LINK && t !== AnnotationType.POPUP,
    ),
  );
  const skip = new Set<number>();
  for (let i = 0; i < doc.numPages; i++) if (i + 1 < from || i + 1 > to) skip.add(i);
  const found = ((await doc.getAnnotationsByType(types, skip)) ?? []) as AnnotationLike[];
  const byPage = new Map<number, AnnotationLike[]>();
  for (const a of found) {
    const page = (a.pageIndex ?? -1) + 1;
    const list = byPage.get(page);
    if (list === undefined) byPage.set(page, [a]);
    else list.push(a);
  }
  return byPage;
}

/**
 * The page's annotation text as lines. Form buttons keep their caption only in their appearance
 * stream, which pdf.js does not read into annotation data; so when the page shows no other text
 * and has visible form widgets, the appearances are read from the operator list (which costs a
 * full interpretation of the page, hence only then).
 */
export async function readAnnotationText(
  page: PDFPageProxy,
  pageText: string,
  annotations: readonly AnnotationLike[],
): Promise<string[]> {
  if (annotations.length === 0) return [];
  const { OPS, AnnotationMode, normalizeUnicode } = await loadPdfjs();
  // The same normalisation getTextContent applies to page text (ligatures, Arabic presentation forms).
  const normalize = (line: string): string => String(normalizeUnicode(line));
  const found = annotations.flatMap(annotationLines).map(normalize);
  const widgets = annotations.some((a) => a.subtype === "Widget" && shown(a));
  if (found.length > 0 || /\S/.test(pageText) || !widgets) return found;
  const list = await page.getOperatorList({
    intent: "display",
    annotationMode: AnnotationMode.ENABLE,
  });
  return appearanceText(list, OPS).map(normalize);
}

/**
 * The page text followed by the annotation lines, after a blank line. The page's own text comes
 * first and unchanged, so its offsets (and the viewer's highlight boxes) do not move.
 */
export function appendAnnotationText(pageText: string, annotationText: readonly string[]): string {
  if (annotationText.length === 0) return pageText;
  const joined = annotationText.join("\n");
  if (pageText === "") return joined;
  return `${pageText}${pageText.endsWith("\n") ? "\n" : "\n\n"}${joined}`;
}
