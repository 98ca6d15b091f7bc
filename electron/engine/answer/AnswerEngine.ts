/**
 * engine/answer — passages in, an answer cited to the page out. Layer: above retrieve (it is
 * handed a PassageSearch, it does not build one) and llm; below library and audit.
 *
 * Grounded answers: follow-up rewriting -> retrieval -> optional rerank -> abstention (no model)
 * -> context packing -> prompt -> streamed generation -> markers mapped to pages -> sentence
 * support. Without a chat model it answers extractively with the documents' own sentences.
 */
import type { Answer, Citation, ConversationTurn, Passage } from "../../../shared/types";
import { cleanMarkers } from "../../../shared/citations";
import type { Generator, Reranker } from "../llm/types";
import type { PassageSearch } from "../retrieve/Retriever";
import type { EvidenceOptions, EvidencePassage, TermStats } from "./assessEvidence";
import { assessEvidence, passageScore } from "./assessEvidence";
import { buildMessages } from "./buildPrompt";
import type { PreparedSource } from "./checkSupport";
import { checkSupport, prepareSource } from "./checkSupport";
import type { ExtractiveOptions } from "./extractiveAnswer";
import { extractiveAnswer } from "./extractiveAnswer";
import type { PackOptions } from "./packContext";
import { packContext } from "./packContext";
import { mapSummary } from "./mapSummary";
import {
  isWholeSummary,
  searchForAnswer,
  wholeDocumentExtract,
  wholeDocumentPassages,
} from "./referencedAnswer";
import { rewriteFollowUp } from "./rewriteFollowUp";
import type { ReferencedSearch } from "../retrieve/searchReferences";
import { analysePassage, contentTerms, tokenize } from "../../../shared/text";

export interface AnswerEngineOptions {
  /** Full-text/hybrid search over the asked collection, most relevant first. Required. */
  retriever: PassageSearch;
  /** Library-wide document frequencies for abstention; without it rarity is estimated from the retrieved passages. Default: none. */
  termStats?: TermStats;
  /** Passages retrieved per question. Default: 20. */
  retrievalLimit?: number;
  /** How many of the top passages the reranker reorders. Default: 12. */
  rerankTop?: number;
  /** Most passages offered to the model. Default: 8. */
  maxSources?: number;
  /** A passage is relevant when its evidence score reaches this share of the best one. Default: 0.5. */
  relevantShare?: number;
  /** Passages shown in extractive mode. Default: 3. */
  extractivePassages?: number;
  /** Abstention thresholds. Defaults: see EvidenceOptions (minCoverage 0.35 here, calibrated on the dev set). */
  evidence?: EvidenceOptions;
  /** Context packing. Defaults: see PackOptions. */
  packing?: PackOptions;
  extractive?: ExtractiveOptions;
  /** Share of a sentence's content words a cited passage must contain. Default: 0.5. */
  minSupportOverlap?: number;
}

export interface AskRequest {
  question: string;
  collection: string;
  conversationId: string | null;
  /** Earlier turns of the conversation, oldest first. */
  history: readonly ConversationTurn[];
  /** Only these documents of the collection; undefined or empty: the whole collection. */
  documents?: readonly string[];
}

export interface AskRun {
  generator: Generator | null;
  reranker?: Reranker | null;
  onToken?: (text: string) => void;
  signal?: AbortSignal;
}

/** Calibrated on /work/shared/eval/devset.jsonl with a plain BM25 retriever (test/bench/abstention.ts). */
const DEFAULT_MIN_COVERAGE = 0.35;

export const NOT_FOUND_TEXT = "The documents in this collection do not answer this question.";
export const NO_MODEL_NOTICE =
  "No chat model is selected, so these are the most relevant passages, quoted. To get written answers, add a chat model: Models panel → Add a GGUF file (or ask IT to place GGUF files in the models folder).";

export class AnswerEngine {
  readonly #options: AnswerEngineOptions;

  constructor(options: AnswerEngineOptions) {
    this.#options = options;
  }

  async ask(request: AskRequest, run: AskRun): Promise<Answer> {
    const o = this.#options;
    const signal = run.signal;
    const previous = request.history.map((t) => t.answer.standaloneQuestion || t.question);
    const standalone = rewriteFollowUp(request.question, previous);
    const base: Answer = {
      answer: "",
      mode: run.generator === null ? "extractive" : "generative",
      found: false,
      citations: [],
      sources: [],
      sentences: [],
      unsupported: [],
      model: run.generator?.modelName ?? null,
      omittedSources: 0,
      standaloneQuestion: standalone === request.question.trim() ? "" : standalone,
      notice: "",
    };
    const scope = { collections: [request.collection], documents: request.documents };
    const found = await searchForAnswer(
      o.retriever,
      standalone,
      scope,
      o.retrievalLimit ?? 20,
      signal,
    ).catch((error: unknown) => {
      // Stopped while searching: the same answer as stopped right after it.
      if (signal?.aborted === true) return null;
      throw error;
    });
    if (found === null || signal?.aborted === true)
      return { ...base, notice: "Stopped before an answer was written." };
    if (found.pageNote !== "") base.pageNote = found.pageNote;
    if (found.references !== null) {
      const named = await this.#answerNamed(found, request, base, standalone, run);
      if (named !== null) return named;
    }
    const retrieved = found.passages;
    let passages = retrieved;
    if (run.reranker != null && passages.length > 1)
      passages = await rerank(run.reranker, standalone, passages, o.rerankTop ?? 12, signal);

    const terms = contentTerms(tokenize(standalone));
    const prepared: EvidencePassage[] = passages.map((p) =>
      analysePassage(p.text, `${p.title} ${p.file}`),
    );
    const stats =
      o.termStats !== undefined && terms.length > 0
        ? await o.termStats(terms.map((t) => t.word))
        : null;
    const evidence = assessEvidence(terms, prepared, stats, {
      minCoverage: DEFAULT_MIN_COVERAGE,
      ...o.evidence,
    });
    if (!evidence.found) return { ...base, answer: NOT_FOUND_TEXT, found: false };

    // Relevant: close enough to the best evidence; kept in retrieval (or rerank) order.
    const floor = evidence.score * (o.relevantShare ?? 0.5);
    const phraseWeight = o.evidence?.phraseWeight ?? 0.15;
    const maxSources = o.maxSources ?? 8;
    const close = passages.filter(
      (_, i) =>
        passageScore(terms, evidence.weights, prepared[i] as EvidencePassage, phraseWeight) >=
        floor,
    );
    // The passage that carries the evidence goes first: it is the one the decision rests on.
    const best = passages[evidence.bestPassage];
    const relevant = (
      best === undefined ? close : [best, ...close.filter((p) => p !== best)]
    ).slice(0, maxSources);

    if (run.generator === null) {
      const shown = relevant.slice(0, o.extractivePassages ?? 3);
      return extractiveResult(base, extractiveAnswer(shown, terms, evidence.weights, o.extractive));
    }
    return this.#generate(run.generator, relevant, request.question, standalone, base, run);
  }

  /**
   * A question that names pages or sections, or asks about the whole document: answered from
   * what it names without abstaining (the question said where to read); null when nothing was
   * named or found there.
   */
  async #answerNamed(
    found: ReferencedSearch,
    request: AskRequest,
    base: Answer,
    standalone: string,
    run: AskRun,
  ): Promise<Answer | null> {
    const scoped = (request.documents ?? []).length > 0;
    const doc = found.documents[0];
    if (run.generator !== null && doc !== undefined && isWholeSummary(found)) {
      const m = await mapSummary(
        run.generator,
        doc.file,
        doc.outline.map((o) => o.entry),
        await doc.read(),
        { signal: run.signal, onToken: run.onToken, packing: this.#options.packing },
      );
      const unsupported = m.sentences.filter((s) => !s.supported).map((s) => s.text);
      const notice = [
        m.skipped > 0 ? `${m.skipped} more sections were not summarised.` : "",
        m.aborted ? "Stopped: the answer is incomplete." : "",
      ].join(" ");
      return {
        ...base,
        answer: m.answer,
        found: true,
        citations: m.sources,
        sources: m.sources,
        sentences: m.sentences,
        unsupported,
        notice: notice.trim(),
      };
    }
    if (run.generator === null) {
      const whole = await wholeDocumentExtract(found, scoped);
      if (whole !== null)
        return {
          ...base,
          ...whole,
          citations: whole.sources,
          found: true,
          notice: NO_MODEL_NOTICE,
        };
    }
    const named =
      (scoped || found.pageNote !== "" ? await wholeDocumentPassages(found) : null) ??
      (found.referenced.length > 0 ? found.passages : null);
    if (named === null) return null;
    if (run.generator !== null)
      return this.#generate(run.generator, named, request.question, standalone, base, run);
    const shown = named.slice(0, this.#options.extractivePassages ?? 3);
    const terms = contentTerms(tokenize(found.references?.remainder ?? standalone));
    return extractiveResult(
      base,
      extractiveAnswer(shown, terms, new Map(), this.#options.extractive),
    );
  }

  async #generate(
    generator: Generator,
    relevant: Passage[],
    question: string,
    standalone: string,
    base: Answer,
    run: AskRun,
  ): Promise<Answer> {
    const packed = await packContext(
      generator,
      relevant,
      standalone === question.trim() ? question : standalone,
      this.#options.packing,
    );
    if (packed.passages.length === 0) {
      // Never let the model answer without sources: show the passages instead.
      const ex = extractiveAnswer(
        relevant.slice(0, this.#options.extractivePassages ?? 3),
        contentTerms(tokenize(standalone)),
        new Map(),
        this.#options.extractive,
      );
      const sources = ex.sources.map((s) => toCitation(s.passage, s.n, s.span));
      const notice = `The chat model's context window is too small for any source, so these are the most relevant passages, quoted.`;
      return {
        ...base,
        mode: "extractive",
        model: null,
        answer: ex.answer,
        found: true,
        citations: sources,
        sources,
        sentences: ex.sentences,
        notice,
      };
    }
    const notices: string[] = [];
    if (packed.omitted > 0) {
      notices.push(
        `${packed.omitted} more relevant passage${packed.omitted === 1 ? " was" : "s were"} left out to fit the model's ${packed.limitedByTime ? "time-to-first-word target" : "context window"}.`,
      );
    }
    let streamed = "";
    let aborted: boolean;
    let text: string;
    try {
      const result = await generator.generate(buildMessages(packed.blocks, standalone), {
        signal: run.signal,
        onToken: (t) => {
          streamed += t;
          run.onToken?.(t);
        },
      });
      aborted = result.aborted;
      text = result.text;
    } catch (error) {
      // A generator may reject on abort instead of resolving; keep what was streamed.
      if (run.signal?.aborted !== true) throw error;
      aborted = true;
      text = streamed;
    }
    if (aborted) notices.push("Stopped: the answer is incomplete.");

    const n = packed.passages.length;
    const cleaned = cleanMarkers(text.trim(), (k) => k >= 1 && k <= n);
    const preparedSources = new Map<number, PreparedSource>();
    for (const k of cleaned.cited)
      preparedSources.set(k, prepareSource((packed.passages[k - 1] as Passage).text));
    const support = checkSupport(cleaned.text, preparedSources, cleaned.cited, {
      minOverlap: this.#options.minSupportOverlap,
    });
    const sources = packed.passages.map((p, i) =>
      toCitation(p, i + 1, support.spans.get(i + 1) ?? ""),
    );
    const citations = cleaned.cited.sort((a, b) => a - b).map((k) => sources[k - 1] as Citation);
    const unsupported = support.sentences.filter((s) => !s.supported).map((s) => s.text);
    if (unsupported.length > 0)
      notices.push(
        `${unsupported.length} sentence${unsupported.length === 1 ? " is" : "s are"} not backed by the cited passages; check them against the sources.`,
      );
    if (citations.length === 0 && cleaned.text !== "")
      notices.push("The model cited no source; check the answer against the sources.");
    return {
      ...base,
      answer: cleaned.text,
      found: true,
      citations,
      sources,
      sentences: support.sentences,
      unsupported,
      omittedSources: packed.omitted,
      notice: notices.join(" "),
    };
  }
}

async function rerank(
  reranker: Reranker,
  question: string,
  passages: Passage[],
  top: number,
  signal?: AbortSignal,
): Promise<Passage[]> {
  const head = passages.slice(0, top);
  const scores = await reranker.rank(
    question,
    head.map((p) => p.text),
    signal,
  );
  const order = head
    .map((p, i) => ({ p, s: scores[i] ?? Number.NEGATIVE_INFINITY }))
    .sort((a, b) => b.s - a.s);
  return [...order.map((x) => x.p), ...passages.slice(top)];
}

function toCitation(passage: Passage, n: number, span: string): Citation {
  return { ...passage, n, span };
}

/** The answer without a chat model: the extractive passages, each cited. */
function extractiveResult(base: Answer, ex: ReturnType<typeof extractiveAnswer>): Answer {
  const sources = ex.sources.map((s) => toCitation(s.passage, s.n, s.span));
  return {
    ...base,
    answer: ex.answer,
    found: true,
    citations: sources,
    sources,
    sentences: ex.sentences,
    notice: NO_MODEL_NOTICE,
  };
}
