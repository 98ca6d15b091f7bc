/**
 * Chat generation with a local GGUF model: the model's own chat template, streamed tokens, abort
 * at any moment. A vocabulary-only copy of the model stays loaded for synchronous token counting
 * while the weights load lazily and unload when idle.
 */
import { SerialQueue } from "../support/serialQueue";
import {
  GeneralChatWrapper,
  LlamaChat,
  resolveChatWrapper,
  type ChatHistoryItem,
  type ChatWrapper,
  type LlamaContext,
  type LlamaModel,
} from "node-llama-cpp";
import type { ModelInfo } from "../../../shared/types";
import type { LlamaRuntime } from "./LlamaRuntime";
import type { ChatMessage, GenerateOptions, GenerateResult, Generator } from "./types";

export interface LlamaGeneratorOptions {
  /** The runtime that loads the model. Required. */
  runtime: LlamaRuntime;
  /** The catalog entry of the chat model. Required. */
  model: Pick<ModelInfo, "id" | "path" | "file" | "contextLength" | "hasChatTemplate">;
  /** Context window in tokens. Default: min(model context length, 8192). */
  contextSize?: number;
  /** Prompt tokens timed by promptTokensPerSecond(). Default: 128. */
  speedProbeTokens?: number;
}

/** The context window a generator uses: `requested`, or the model's own up to 8192 tokens. */
export function chatContextSize(
  model: Pick<ModelInfo, "contextLength">,
  requested?: number,
): number {
  return Math.max(64, requested ?? Math.min(model.contextLength || 4096, 8192));
}

/** Prompt speeds already measured in this process, by model id and backend. */
const measuredSpeeds = new Map<string, number>();

export class LlamaGenerator implements Generator {
  /** ModelInfo.id of the chat model. */
  readonly modelId: string;
  readonly modelName: string;
  readonly contextSize: number;
  private context: LlamaContext | null = null;
  private chat: LlamaChat | null = null;
  /** One generation or measurement at a time: they share the context. */
  private readonly queue = new SerialQueue();
  private threadsUsed = 0;

  private constructor(
    private readonly options: LlamaGeneratorOptions,
    private readonly vocab: LlamaModel,
    private readonly wrapper: ChatWrapper,
  ) {
    this.modelId = options.model.id;
    this.modelName = options.model.file;
    this.contextSize = chatContextSize(options.model, options.contextSize);
  }

  /** Loads the model's vocabulary (a few MB) and resolves its chat template; weights load on first use. */
  static async create(options: LlamaGeneratorOptions): Promise<LlamaGenerator> {
    const vocab = await options.runtime.loadVocabulary(options.model.path);
    // Files without a template get a plain "### User / ### Assistant" layout rather than a guess.
    const wrapper = options.model.hasChatTemplate
      ? (resolveChatWrapper(vocab) ?? new GeneralChatWrapper())
      : new GeneralChatWrapper({ userMessageTitle: "User", modelResponseTitle: "Assistant" });
    return new LlamaGenerator(options, vocab, wrapper);
  }

  /** Name of the chat template in use (e.g. "ChatML", "General"). */
  get templateName(): string {
    return this.wrapper.wrapperName;
  }

  /** Speeds depend on the model, the backend and the thread count. */
  private get speedKey(): string {
    return `${this.options.model.id}:${this.options.runtime.backend ?? "?"}:${this.threadsUsed}`;
  }

  /** Threads of the generation context (0 before the first generation). */
  get threadsInUse(): number {
    return this.threadsUsed;
  }

  countTokens(text: string): number {
    return this.vocab.tokenize(text, false).length;
  }

  /** Tokens the whole prompt (template included) takes. */
  countPromptTokens(messages: ChatMessage[]): number {
    const { contextText } = this.wrapper.generateContextState({ chatHistory: toHistory(messages) });
    return contextText.tokenize(this.vocab.tokenizer).length;
  }

  async promptTokensPerSecond(): Promise<number> {
    const known = measuredSpeeds.get(this.speedKey);
    if (known !== undefined) return known;
    const speed = await this.queue.run(() =>
      this.options.runtime.use(this.options.model.path, this.contextSize, async (model) => {
        const context = await this.contextFor(model);
        const sequence = context.getSequence();
        try {
          const probe = Math.min(this.options.speedProbeTokens ?? 128, this.contextSize - 8);
          const words = model.tokenize(
            "The manual describes the procedure step by step. ".repeat(64),
            false,
          );
          const tokens = words.slice(0, probe);
          const start = performance.now();
          await sequence.evaluateWithoutGeneratingNewTokens(tokens);
          const seconds = (performance.now() - start) / 1000;
          return tokens.length / Math.max(seconds, 1e-6);
        } finally {
          await sequence.dispose();
        }
      }),
    );
    measuredSpeeds.set(this.speedKey, speed);
    return speed;
  }

  async generate(messages: ChatMessage[], options: GenerateOptions = {}): Promise<GenerateResult> {
    const started = performance.now();
    const promptTokens = this.countPromptTokens(messages);
    if (options.signal?.aborted)
      return { text: "", aborted: true, promptTokens, generatedTokens: 0, timeToFirstTokenMs: 0 };
    return this.queue.run(() =>
      this.options.runtime.use(this.options.model.path, this.contextSize, async (model) => {
        const chat = await this.chatFor(model);
        let firstTokenAt = 0;
        let text = "";
        let generated = 0;
        const result = await chat.generateResponse(toHistory(messages), {
          maxTokens: options.maxTokens ?? 512,
          temperature: options.temperature ?? 0.2,
          signal: options.signal,
          stopOnAbortSignal: true,
          onToken: (tokens) => {
            generated += tokens.length;
          },
          onTextChunk: (chunk) => {
            if (firstTokenAt === 0) firstTokenAt = performance.now();
            text += chunk;
            options.onToken?.(chunk);
          },
        });
        const aborted = result.metadata.stopReason === "abort" || options.signal?.aborted === true;
        const response = aborted ? text : result.response;
        return {
          text: response,
          aborted,
          promptTokens,
          // The tokens the model produced (re-tokenizing the text can merge them differently).
          generatedTokens: generated,
          timeToFirstTokenMs:
            firstTokenAt === 0 ? performance.now() - started : firstTokenAt - started,
        };
      }),
    );
  }

  private async contextFor(model: LlamaModel): Promise<LlamaContext> {
    if (this.context && !this.context.disposed && this.context.model === model) return this.context;
    this.chat = null;
    if (this.context && !this.context.disposed) await this.context.dispose();
    this.threadsUsed = await this.options.runtime.threadsFor(model);
    this.context = await model.createContext({
      contextSize: this.contextSize,
      threads: this.threadsUsed,
      sequences: 2,
    });
    return this.context;
  }

  private async chatFor(model: LlamaModel): Promise<LlamaChat> {
    const context = await this.contextFor(model);
    this.chat ??= new LlamaChat({
      contextSequence: context.getSequence(),
      chatWrapper: this.wrapper,
    });
    return this.chat;
  }

  async dispose(): Promise<void> {
    await this.queue.run(async () => {
      this.chat?.dispose();
      this.chat = null;
      if (this.context && !this.context.disposed) await this.context.dispose();
      this.context = null;
      if (!this.vocab.disposed) await this.vocab.dispose();
    });
  }
}

function toHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((m): ChatHistoryItem => {
    switch (m.role) {
      case "system":
        return { type: "system", text: m.content };
      case "user":
        return { type: "user", text: m.content };
      case "assistant":
        return { type: "model", response: [m.content] };
    }
  });
  // An empty model turn at the end is where LlamaChat writes the answer.
  history.push({ type: "model", response: [] });
  return history;
}
