/**
 * The engine's end of the model-host process. Why a process: node-llama-cpp runs every decode as
 * an async work item on libuv's thread pool, so with the pool's default 4 threads each token's
 * decode lands on another thread and ggml restarts its workers (on a quiet 2-core machine the 1B
 * Q4_0 shape generated 25.9 tok/s that way at 2 threads, 36.5 tok/s through this host, and
 * llama-bench 38.4 tok/s). A pool of one in the engine's own process
 * would queue every file read behind the decodes; a process of its own gets a pool of one
 * (UV_THREADPOOL_SIZE=1) for the models alone, and a crash or an out-of-memory kill there
 * costs the request in flight, not the app.
 *
 * The host starts on first use (the launcher is injected: child_process.fork under Node,
 * Electron's utilityProcess in the app), is told the runtime settings, and is started again on
 * the next use after it stops. Requests in flight when it stops fail with ModelHostCrashedError.
 */
import type { Backend } from "./LlamaRuntime";
import { remoteError } from "./remoteErrors";
import {
  hostReplySchema,
  type HostNetworkRefusal,
  type HostReply,
  type HostRequest,
  type RuntimeSettings,
} from "./hostProtocol";

/** A started model host: the messages to and from it, and its end. */
export interface ModelHostChannel {
  send(message: HostRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process ends, with how it ended ("exit code 1", "signal SIGKILL"). */
  onExit(listener: (how: string) => void): void;
  kill(): void;
  /** Whether replies are awaited: a busy host keeps this process alive, an idle one does not. Optional. */
  setBusy?(busy: boolean): void;
}

/** Starts a model-host process running electron/engine/modelHost.ts (or its built .js). */
export type ModelHostLauncher = () => Promise<ModelHostChannel>;

/** A request in flight stopped because the model process ended under it. */
export class ModelHostCrashedError extends Error {
  override readonly name = "ModelHostCrashedError";
  constructor(readonly how: string) {
    super(
      `The model process stopped unexpectedly (${how}), so this request did not finish. ` +
        "Try again: the models start afresh on the next request. If it keeps happening, the model " +
        "may need more memory than is free: close other programs or choose a smaller model.",
    );
  }
}

export interface ModelHostClientOptions {
  /** Starts the process. Required. */
  launch: ModelHostLauncher;
  /** The host's runtime settings (GPU, allow-list, threads, idle unload). Default: {}. */
  runtime?: RuntimeSettings;
  /** Each connection the host's network guard refused. Default: ignored. */
  onNetworkRefusal?: (refusal: HostNetworkRefusal) => void;
}

type Request = HostRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onToken?: (text: string) => void;
}

export class ModelHostClient {
  private channel: Promise<ModelHostChannel> | null = null;
  private live: ModelHostChannel | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private nextService = 1;
  private lastBackend: Backend | null = null;
  private disposed = false;
  /** Processes started so far (1 after the first use; more after crashes). */
  starts = 0;

  constructor(private readonly options: ModelHostClientOptions) {}

  /** The host's backend, as of its last reply (null before the first model load). */
  get backend(): Backend | null {
    return this.lastBackend;
  }

  /** An id for a new service (one per proxy). */
  serviceId(): number {
    return this.nextService++;
  }

  /** Sends a request, starting the host if needed; resolves with the reply's value. */
  async call(
    request: Request,
    options: { signal?: AbortSignal; onToken?: (text: string) => void } = {},
  ): Promise<unknown> {
    if (this.disposed)
      throw new Error("The model process was shut down; restart the app to use models again.");
    const channel = await this.start();
    return this.send(channel, request, options);
  }

  /** Like call, but only while a host is running (nothing to release in one that stopped). */
  async callIfRunning(request: Request): Promise<void> {
    const channel = this.live;
    if (channel) await this.send(channel, request, {}).catch(() => undefined);
  }

  private send(
    channel: ModelHostChannel,
    request: Request,
    { signal, onToken }: { signal?: AbortSignal; onToken?: (text: string) => void },
  ): Promise<unknown> {
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const abort = () => {
        if (this.live === channel) channel.send({ kind: "abort", id: this.nextId++, target: id });
      };
      if (this.pending.size === 0) channel.setBusy?.(true);
      this.pending.set(id, {
        resolve: (value) => {
          signal?.removeEventListener("abort", abort);
          resolve(value);
        },
        reject: (error) => {
          signal?.removeEventListener("abort", abort);
          reject(error);
        },
        onToken,
      });
      channel.send({ ...request, id });
      if (signal?.aborted) abort();
      else signal?.addEventListener("abort", abort, { once: true });
    });
  }

  private start(): Promise<ModelHostChannel> {
    this.channel ??= (async () => {
      const channel = await this.options.launch();
      this.starts++;
      this.live = channel;
      channel.onMessage((message) => this.receive(message));
      channel.onExit((how) => this.exited(channel, how));
      await this.send(channel, { kind: "init", runtime: this.options.runtime ?? {} }, {});
      return channel;
    })();
    this.channel.catch(() => {
      this.channel = null;
    });
    return this.channel;
  }

  private receive(raw: unknown): void {
    const parsed = hostReplySchema.safeParse(raw);
    if (!parsed.success) return; // not ours to answer: a reply must name a request
    const reply: HostReply = parsed.data;
    if (reply.kind === "refusal") {
      this.options.onNetworkRefusal?.(reply.refusal);
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.kind === "token") {
      pending.onToken?.(reply.text);
      return;
    }
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.live?.setBusy?.(false);
    if (reply.backend !== null) this.lastBackend = reply.backend;
    if (reply.kind === "ok") pending.resolve(reply.value);
    else pending.reject(remoteError(reply.error));
  }

  private exited(channel: ModelHostChannel, how: string): void {
    if (this.live !== channel) return;
    this.live = null;
    this.channel = null;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new ModelHostCrashedError(how));
  }

  /** Stops the process: work in flight fails, models are unloaded with it. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const channel = this.live;
    if (!channel) return;
    const ended = new Promise<void>((resolve) => channel.onExit(() => resolve()));
    const shutdown = this.send(channel, { kind: "shutdown" }, {}).catch(() => undefined);
    // The timer is what keeps this process running until the host has exited (an idle host
    // holds no reference), so a caller's code after `await dispose()` still runs.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, 5000)));
    await Promise.race([Promise.all([shutdown, ended]), timeout]);
    clearTimeout(timer);
    if (this.live === channel) channel.kill();
  }

  /** Ends the process at once, as a crash would (tests). */
  kill(): void {
    this.live?.kill();
  }
}
