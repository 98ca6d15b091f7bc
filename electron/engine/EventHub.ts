/** Typed events from the engine to its host (token streams, import progress, model changes). */
import type { EventPayloads } from "../../shared/contract";

type Listener<E extends keyof EventPayloads> = (payload: EventPayloads[E]) => void;

export class EventHub {
  readonly #listeners = new Map<keyof EventPayloads, Set<(payload: never) => void>>();

  on<E extends keyof EventPayloads>(event: E, listener: Listener<E>): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  emit<E extends keyof EventPayloads>(event: E, payload: EventPayloads[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as Listener<E>)(payload);
  }
}
