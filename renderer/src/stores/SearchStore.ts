/** Passage search over the current collection (Ctrl/Cmd+K). */
import type { EnclaveApi } from "../../../shared/contract";
import type { Passage } from "../../../shared/types";
import { Store, errorMessage } from "./Store";

export interface SearchState {
  open: boolean;
  query: string;
  /** The query the results belong to. */
  resultsFor: string;
  results: Passage[];
  loading: boolean;
  error: string;
}

export interface SearchStoreOptions {
  /** Wait after the last keystroke before searching, in ms. Default: 200. */
  debounceMs?: number;
  /** Results asked for. Default: 30. */
  limit?: number;
}

export class SearchStore extends Store<SearchState> {
  readonly #api: Pick<EnclaveApi, "search">;
  readonly #collection: () => string | null;
  readonly #debounceMs: number;
  readonly #limit: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #sequence = 0;

  constructor(
    api: Pick<EnclaveApi, "search">,
    collection: () => string | null,
    options: SearchStoreOptions = {},
  ) {
    super({ open: false, query: "", resultsFor: "", results: [], loading: false, error: "" });
    this.#api = api;
    this.#collection = collection;
    this.#debounceMs = options.debounceMs ?? 200;
    this.#limit = options.limit ?? 30;
  }

  setOpen(open: boolean): void {
    this.set({ open });
  }

  setQuery(query: string): void {
    this.set({ query });
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.run();
    }, this.#debounceMs);
  }

  /** Searches now for the current query; stale answers to earlier queries are dropped. */
  async run(): Promise<void> {
    const query = this.get().query.trim();
    const collection = this.#collection();
    const seq = ++this.#sequence;
    if (query === "" || collection === null) {
      this.set({ results: [], resultsFor: "", loading: false, error: "" });
      return;
    }
    this.set({ loading: true });
    try {
      const results = await this.#api.search({
        query,
        collections: [collection],
        limit: this.#limit,
      });
      if (seq === this.#sequence)
        this.set({ results, resultsFor: query, loading: false, error: "" });
    } catch (error) {
      if (seq === this.#sequence)
        this.set({ results: [], resultsFor: query, loading: false, error: errorMessage(error) });
    }
  }
}
