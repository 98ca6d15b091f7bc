/**
 * The model-host process's side of the protocol: one LlamaRuntime (the allow-list check runs
 * here, in the process that loads the weights, so the bytes loaded are the bytes hashed), and the
 * generator, embedder and reranker the engine's proxies ask for, created on their first call and
 * kept until released. Calls run concurrently as they would in-process; each service keeps its
 * own lock (a generator runs one generation at a time).
 */
import { LlamaEmbedder } from "./LlamaEmbedder";
import { LlamaGenerator } from "./LlamaGenerator";
import { LlamaReranker } from "./LlamaReranker";
import { LlamaRuntime } from "./LlamaRuntime";
import type { Embedder, Reranker } from "./types";
import {
  hostRequestSchema,
  type HostReply,
  type HostRequest,
  type RemoteError,
  type ServiceSpec,
} from "./hostProtocol";

/** Where the host reads requests and writes replies (process.send or Electron's parentPort). */
export interface HostPort {
  send(reply: HostReply): void;
  onMessage(listener: (message: unknown) => void): void;
}

type Service = LlamaGenerator | Embedder | Reranker;

export function serveModels(port: HostPort, exit: () => void): void {
  let runtime: LlamaRuntime | null = null;
  const services = new Map<number, Promise<Service>>();
  const running = new Map<number, AbortController>();

  const backend = () => runtime?.backend ?? null;
  const reply = (id: number, work: () => Promise<unknown>): void => {
    work().then(
      (value) => port.send({ kind: "ok", id, value, backend: backend() }),
      (error: unknown) =>
        port.send({ kind: "error", id, error: toRemote(error), backend: backend() }),
    );
  };

  function service(spec: ServiceSpec): Promise<Service> {
    let made = services.get(spec.sid);
    if (!made) {
      const rt = (runtime ??= new LlamaRuntime({}));
      const model = spec.model;
      made =
        spec.role === "chat"
          ? LlamaGenerator.create({
              runtime: rt,
              model,
              contextSize: spec.contextSize,
              speedProbeTokens: spec.speedProbeTokens,
            })
          : Promise.resolve(
              spec.role === "embedding"
                ? new LlamaEmbedder({
                    runtime: rt,
                    model,
                    contextSize: spec.contextSize,
                    contexts: spec.contexts,
                  })
                : new LlamaReranker({ runtime: rt, model, contextSize: spec.contextSize }),
            );
      services.set(spec.sid, made);
      // A service that failed to start is tried afresh on the next call.
      made.catch(() => services.delete(spec.sid));
    }
    return made;
  }

  async function handle(request: HostRequest, signal: AbortSignal): Promise<unknown> {
    switch (request.kind) {
      case "init":
        if (runtime) throw new Error("The model host was already initialised.");
        runtime = new LlamaRuntime(request.runtime);
        return null;
      case "generate": {
        const generator = (await service(request.service)) as LlamaGenerator;
        return generator.generate(request.messages, {
          maxTokens: request.maxTokens,
          temperature: request.temperature,
          signal,
          onToken: (text) => port.send({ kind: "token", id: request.id, text }),
        });
      }
      case "promptSpeed":
        return ((await service(request.service)) as LlamaGenerator).promptTokensPerSecond();
      case "embed":
        return ((await service(request.service)) as Embedder).embed(request.texts, signal);
      case "rank":
        return ((await service(request.service)) as Reranker).rank(
          request.query,
          request.documents,
          signal,
        );
      case "release": {
        const made = services.get(request.sid);
        services.delete(request.sid);
        if (made) await (await made).dispose();
        return null;
      }
      case "abort":
        running.get(request.target)?.abort();
        return null;
      case "shutdown":
        for (const made of services.values()) await (await made).dispose().catch(() => undefined);
        services.clear();
        await runtime?.dispose();
        return null;
    }
  }

  port.onMessage((raw) => {
    const parsed = hostRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === "number")
        port.send({
          kind: "error",
          id,
          error: { name: "Error", message: `Invalid model-host request: ${parsed.error.message}` },
          backend: backend(),
        });
      return;
    }
    const request = parsed.data;
    const controller = new AbortController();
    if (request.kind === "generate" && request.aborted === true) controller.abort();
    running.set(request.id, controller);
    reply(request.id, async () => {
      try {
        return await handle(request, controller.signal);
      } finally {
        running.delete(request.id);
        // After the shutdown's reply has been sent.
        if (request.kind === "shutdown") setImmediate(exit);
      }
    });
  });
}

/** An error as it crosses the process boundary: its class name, message, code and path. */
export function toRemote(error: unknown): RemoteError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const { code, path } = error as { code?: unknown; path?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof path === "string" ? { path } : {}),
  };
}
