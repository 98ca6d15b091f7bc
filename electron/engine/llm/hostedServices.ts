/**
 * The generator, embedder and reranker as the engine sees them when models run in the model-host
 * process: the same interfaces (types.ts), each call forwarded with everything the host needs to
 * build the service (so a restarted host needs no replay), replies checked before use.
 *
 * Token counting must stay synchronous (context packing counts every passage), so the generator
 * keeps the model's vocabulary (a few MB, no weights) loaded in this process, under the same
 * allow-list check as the host's load.
 */
import type { LlamaModel } from "node-llama-cpp";
import { chatContextSize } from "./LlamaGenerator";
import type { LlamaRuntime } from "./LlamaRuntime";
import type {
  ChatMessage,
  Embedder,
  GenerateOptions,
  GenerateResult,
  Generator,
  Reranker,
} from "./types";
import type { ModelHostClient } from "./ModelHostClient";
import { replyValues, type HostedModelEntry, type ServiceSpec } from "./hostProtocol";

interface HostedOptions {
  /** The client of the model host. Required. */
  client: ModelHostClient;
  /** The catalog entry of the model. Required. */
  model: HostedModelEntry;
  /** As the in-process service's option of the same name. Default: the same default. */
  contextSize?: number;
}

/** Prompt speeds measured through the host, by model id (the host's own threads and backend). */
const measuredSpeeds = new Map<string, number>();

export class HostedGenerator implements Generator {
  readonly modelId: string;
  readonly modelName: string;
  readonly contextSize: number;
  private readonly spec: ServiceSpec;

  private constructor(
    private readonly client: ModelHostClient,
    private readonly vocab: LlamaModel,
    options: HostedOptions & { speedProbeTokens?: number },
  ) {
    this.modelId = options.model.id;
    this.modelName = options.model.file;
    this.contextSize = chatContextSize(options.model, options.contextSize);
    this.spec = {
      sid: client.serviceId(),
      role: "chat",
      model: options.model,
      contextSize: this.contextSize,
      speedProbeTokens: options.speedProbeTokens,
    };
  }

  /** Loads the vocabulary here (`vocabRuntime`); the weights load in the host on first use. */
  static async create(
    options: HostedOptions & { vocabRuntime: LlamaRuntime; speedProbeTokens?: number },
  ): Promise<HostedGenerator> {
    const vocab = await options.vocabRuntime.loadVocabulary(options.model.path);
    return new HostedGenerator(options.client, vocab, options);
  }

  countTokens(text: string): number {
    return this.vocab.tokenize(text, false).length;
  }

  async promptTokensPerSecond(): Promise<number> {
    const key = `${this.modelId}:${this.client.backend ?? "?"}`;
    const known = measuredSpeeds.get(key);
    if (known !== undefined) return known;
    const speed = replyValues.promptSpeed.parse(
      await this.client.call({ kind: "promptSpeed", service: this.spec }),
    );
    measuredSpeeds.set(`${this.modelId}:${this.client.backend ?? "?"}`, speed);
    return speed;
  }

  async generate(messages: ChatMessage[], options: GenerateOptions = {}): Promise<GenerateResult> {
    const started = performance.now();
    let firstTokenAt = 0;
    const value = await this.client.call(
      {
        kind: "generate",
        service: this.spec,
        messages,
        maxTokens: options.maxTokens,
        temperature: options.temperature,
        aborted: options.signal?.aborted,
      },
      {
        signal: options.signal,
        onToken: (text) => {
          if (firstTokenAt === 0) firstTokenAt = performance.now();
          options.onToken?.(text);
        },
      },
    );
    const result = replyValues.generate.parse(value);
    // Time to first token as this process saw it (the host's figure leaves out the crossing).
    const timeToFirstTokenMs = (firstTokenAt === 0 ? performance.now() : firstTokenAt) - started;
    return { ...result, timeToFirstTokenMs };
  }

  async dispose(): Promise<void> {
    await this.client.callIfRunning({ kind: "release", sid: this.spec.sid });
    if (!this.vocab.disposed) await this.vocab.dispose();
  }
}

export class HostedEmbedder implements Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  private readonly spec: ServiceSpec;

  private readonly client: ModelHostClient;

  constructor(options: HostedOptions & { contexts?: number }) {
    const client = (this.client = options.client);
    this.modelId = options.model.id;
    this.dimensions = options.model.embeddingLength;
    this.spec = {
      sid: client.serviceId(),
      role: "embedding",
      model: options.model,
      contextSize: options.contextSize,
      contexts: options.contexts,
    };
  }

  async embed(
    texts: string[],
    signal?: AbortSignal,
  ): Promise<{ vectors: Float32Array[]; truncated: number }> {
    if (texts.length === 0) return { vectors: [], truncated: 0 };
    signal?.throwIfAborted();
    const value = await abortable(
      this.client.call({ kind: "embed", service: this.spec, texts }, { signal }),
      signal,
    );
    return replyValues.embed.parse(value);
  }

  async dispose(): Promise<void> {
    await this.client.callIfRunning({ kind: "release", sid: this.spec.sid });
  }
}

export class HostedReranker implements Reranker {
  readonly modelId: string;
  private readonly spec: ServiceSpec;

  private readonly client: ModelHostClient;

  constructor(options: HostedOptions) {
    const client = (this.client = options.client);
    this.modelId = options.model.id;
    this.spec = {
      sid: client.serviceId(),
      role: "reranker",
      model: options.model,
      contextSize: options.contextSize,
    };
  }

  async rank(query: string, documents: string[], signal?: AbortSignal): Promise<number[]> {
    if (documents.length === 0) return [];
    signal?.throwIfAborted();
    const value = await abortable(
      this.client.call({ kind: "rank", service: this.spec, query, documents }, { signal }),
      signal,
    );
    return replyValues.rank.parse(value);
  }

  async dispose(): Promise<void> {
    await this.client.callIfRunning({ kind: "release", sid: this.spec.sid });
  }
}

/**
 * Settles with the signal's reason as soon as it fires, as the in-process services throw it; the
 * host stops the work and its late reply is dropped.
 */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(
        signal.reason instanceof Error ? signal.reason : new DOMException("Aborted", "AbortError"),
      );
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
