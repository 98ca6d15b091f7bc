/**
 * A minimal external store for useSyncExternalStore. Kept free of React and the DOM so the
 * renderer's decisions can be unit-tested in Node with a fake API object.
 */
import { decodeBridgeError } from "../../../shared/bridgeError";

export type Listener = () => void;

export class Store<T extends object> {
  #state: T;
  readonly #listeners = new Set<Listener>();

  constructor(initial: T) {
    this.#state = initial;
  }

  /** The current snapshot; replaced (never mutated) on every change. */
  readonly get = (): T => this.#state;

  readonly subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  protected set(patch: Partial<T> | ((state: T) => Partial<T>)): void {
    const next = typeof patch === "function" ? patch(this.#state) : patch;
    this.#state = { ...this.#state, ...next };
    for (const listener of [...this.#listeners]) listener();
  }
}

/** The message to show for a failed call (the gateway turns errors into messages that say what to do). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error || typeof error === "string") return decodeBridgeError(error).message;
  return "Something went wrong. Try again, and restart Enclave if it keeps happening.";
}

let counter = 0;
/** A request id the contract accepts ([A-Za-z0-9_-]). */
export function newRequestId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}
