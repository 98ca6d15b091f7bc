/** A scriptable stand-in for window.enclave, so renderer stores run in Node without a window. */
import type { EnclaveApi, EventName, EventPayloads } from "../../../shared/contract";
import type { Answer, Citation } from "../../../shared/types";

export interface FakeApi {
  api: EnclaveApi;
  calls: { method: string; args: unknown }[];
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
}

/** Every method rejects unless overridden, so a test notices a call it did not expect. */
export function fakeApi(
  overrides: Partial<Record<keyof EnclaveApi, (args: never) => unknown>>,
): FakeApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: { method: string; args: unknown }[] = [];
  const api = new Proxy({} as EnclaveApi, {
    get(_target, prop: string) {
      if (prop === "on") {
        return <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) => {
          let set = listeners.get(event);
          if (set === undefined) listeners.set(event, (set = new Set()));
          const l = listener as (payload: unknown) => void;
          set.add(l);
          return () => set.delete(l);
        };
      }
      return (args: unknown): Promise<unknown> => {
        calls.push({ method: prop, args });
        const impl = overrides[prop as keyof EnclaveApi] as
          ((args: unknown) => unknown) | undefined;
        if (impl === undefined)
          return Promise.reject(new Error(`[INTERNAL] unexpected call ${prop}`));
        try {
          return Promise.resolve(impl(args));
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
    },
  });
  return {
    api,
    calls,
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
  };
}

export function citation(n: number, overrides: Partial<Citation> = {}): Citation {
  return {
    n,
    chunkId: `c${n}`,
    documentId: "a".repeat(64),
    file: "manual.pdf",
    path: "/docs/manual.pdf",
    title: "Pump manual",
    page: 3,
    pageEnd: 3,
    pageLabel: null,
    heading: "2 Maintenance",
    text: "Replace the filter every 200 hours of operation.",
    score: 1,
    charStart: 10,
    charEnd: 58,
    span: "every 200 hours",
    ...overrides,
  };
}

export function answer(overrides: Partial<Answer> = {}): Answer {
  const c = citation(1);
  return {
    answer: "Replace the filter every 200 hours [1].",
    mode: "generative",
    found: true,
    citations: [c],
    sources: [c],
    sentences: [
      {
        text: "Replace the filter every 200 hours [1].",
        cites: [1],
        supported: true,
        span: c.span,
      },
    ],
    unsupported: [],
    model: "tiny.gguf",
    omittedSources: 0,
    standaloneQuestion: "",
    notice: "",
    ...overrides,
  };
}

/** A promise and its resolver, to hold a call open while the test looks at the in-between state. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
