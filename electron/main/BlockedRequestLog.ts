/** Keeps the web requests the lockdown refused, for the privacy panel (which should show 0). */
export interface BlockedRequestLogOptions {
  /** How many of the most recent URLs to keep. Default 100. */
  maxUrls?: number;
  /** URLs longer than this are cut, so a hostile page cannot fill memory. Default 2048. */
  maxUrlLength?: number;
}

export class BlockedRequestLog {
  readonly #maxUrls: number;
  readonly #maxUrlLength: number;
  #count = 0;
  #urls: string[] = [];

  constructor(options: BlockedRequestLogOptions = {}) {
    this.#maxUrls = options.maxUrls ?? 100;
    this.#maxUrlLength = options.maxUrlLength ?? 2048;
  }

  record(url: string): void {
    this.#count += 1;
    this.#urls.push(url.length > this.#maxUrlLength ? `${url.slice(0, this.#maxUrlLength)}…` : url);
    if (this.#urls.length > this.#maxUrls) this.#urls.splice(0, this.#urls.length - this.#maxUrls);
  }

  /** Total refused since start, and the most recent URLs, oldest first. */
  snapshot(): { count: number; urls: string[] } {
    return { count: this.#count, urls: [...this.#urls] };
  }
}
