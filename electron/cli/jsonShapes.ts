/** The fixed JSON shapes the CLI prints (its contract with admins' scripts and our benchmarks). */
import type { Answer, Citation, Passage } from "../../shared/types";

export interface SearchResultJson {
  file: string;
  path: string;
  page: number;
  pageEnd: number;
  heading: string;
  title: string;
  pageLabel: string | null;
  text: string;
  score: number;
  /** For a passage of an e-mail attachment: the message it came in; null otherwise. */
  parent: { documentId: string; title: string; file: string } | null;
  /** For text read with OCR: the page's mean confidence (0–100); null for a text layer. */
  ocr: number | null;
}

/** "report.pdf", or for an attachment "attachment report.pdf of 'Re: budget'". */
export function sourceName(p: Pick<Passage, "file" | "attachmentOf">): string {
  return p.attachmentOf === undefined
    ? p.file
    : `attachment ${p.file} of '${p.attachmentOf.title}'`;
}

export function searchResultJson(p: Passage): SearchResultJson {
  return {
    file: p.file,
    path: p.path,
    page: p.page,
    pageEnd: p.pageEnd,
    heading: p.heading,
    title: p.title,
    pageLabel: p.pageLabel,
    text: p.text,
    score: Number(p.score.toFixed(4)),
    parent: p.attachmentOf ?? null,
    ocr: p.ocr ?? null,
  };
}

export interface CitationJson {
  n: number;
  file: string;
  path: string;
  page: number;
  pageEnd: number;
  title: string;
  heading: string;
  pageLabel: string | null;
  text: string;
  span: string;
}

function citationJson(c: Citation): CitationJson {
  return {
    n: c.n,
    file: c.file,
    path: c.path,
    page: c.page,
    pageEnd: c.pageEnd,
    title: c.title,
    heading: c.heading,
    pageLabel: c.pageLabel,
    text: c.text,
    span: c.span,
  };
}

export function answerJson(a: Answer) {
  return {
    answer: a.answer,
    mode: a.mode,
    found: a.found,
    citations: a.citations.map(citationJson),
    sources: a.sources.map(citationJson),
    unsupported: a.unsupported,
    model: a.model,
    notice: a.notice,
    omittedSources: a.omittedSources,
    pageNote: a.pageNote ?? "",
  };
}
