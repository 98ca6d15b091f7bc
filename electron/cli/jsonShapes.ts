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
