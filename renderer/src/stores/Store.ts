/**
 * A minimal external store for useSyncExternalStore. Kept free of React and the DOM so the
 * renderer's decisions can be unit-tested in Node with a fake API object.
 */
import { decodeBridgeError } from "../../../shared/bridgeError";
import type { ErrorCode } from "../../../shared/errorCodes";

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

/**
 * What the UI does about a failed call, decided once per code:
 * - `stopped`: the user asked for it (Stop); nothing to report.
 * - `stale`: the item changed under the view (removed, replaced, renamed elsewhere); say why and reload the lists.
 * - `refused`: the request cannot be done as asked (policy, bad input, a model that does not fit); say why.
 * - `internal`: a bug or a system failure; a generic message (the details are in the log).
 */
export type FailureKind = "stopped" | "stale" | "refused" | "internal";

export function failureKind(code: ErrorCode): FailureKind {
  switch (code) {
    case "ABORTED":
      return "stopped";
    case "COLLECTION_NOT_FOUND":
    case "DOCUMENT_NOT_FOUND":
    case "DOCUMENT_CHANGED":
    case "PAGE_NOT_FOUND":
    case "CONVERSATION_NOT_FOUND":
    case "CONVERSATION_DAMAGED":
    case "MODEL_NOT_FOUND":
      return "stale";
    case "INTERNAL":
      return "internal";
    case "EMPTY":
    case "ENCRYPTED":
    case "CORRUPT":
    case "NO_TEXT":
    case "WRONG_TYPE":
    case "UNSUPPORTED":
    case "TOO_LARGE":
    case "NOT_FOUND":
    case "NO_ACCESS":
    case "IMPORT_FAILED":
    case "UNTRUSTED_SENDER":
    case "UNKNOWN_METHOD":
    case "INVALID_ARGUMENT":
    case "UNKNOWN_EVENT":
    case "NOTHING_TO_IMPORT":
    case "STORE_VERSION":
    case "LIBRARY_DAMAGED":
    case "DISK_FULL":
    case "MANAGED_COLLECTION":
    case "PACK_REFUSED":
    case "COLLECTION_EXISTS":
    case "VECTOR_DIMENSION":
    case "NOT_A_GGUF_FILE":
    case "TRUNCATED_MODEL":
    case "MODEL_NOT_ALLOWED":
    case "MODEL_ROLE_MISMATCH":
    case "NOT_A_LOCAL_MODEL_PATH":
    case "MODEL_DOES_NOT_FIT":
    case "INVALID_MODEL_MANIFEST":
    case "EXPORT_DISABLED":
    case "SETTINGS_LOCKED":
    case "AUDIT_KEY_UNAVAILABLE":
    case "AUDIT_LOG_DAMAGED":
    case "AUDIT_WRITE_FAILED":
    case "NETWORK_BLOCKED":
    case "OPEN_FAILED":
      return "refused";
    default:
      return assertNever(code);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled error code: ${String(value)}`);
}

const GENERIC_MESSAGE =
  "Something went wrong. Try again, and restart Enclave if it keeps happening.";

/** A failed call as the UI sees it: its code, what to do about it, and the message to show. */
export function describeFailure(error: unknown): {
  code: ErrorCode;
  kind: FailureKind;
  message: string;
} {
  if (!(error instanceof Error) && typeof error !== "string")
    return { code: "INTERNAL", kind: "internal", message: GENERIC_MESSAGE };
  const { code, message } = decodeBridgeError(error);
  const kind = failureKind(code);
  return { code, kind, message: kind === "stopped" ? "" : message || GENERIC_MESSAGE };
}

/** The message to show for a failed call ("" when the user stopped it). */
export function errorMessage(error: unknown): string {
  return describeFailure(error).message;
}

let counter = 0;
/** A request id the contract accepts ([A-Za-z0-9_-]). */
export function newRequestId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}
