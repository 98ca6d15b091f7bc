/**
 * The store's single writer. Lance commits atomically per table, but a store change spans
 * several tables and steps, so every change runs here, one at a time, in the order asked.
 */
import { SerialQueue } from "../support/serialQueue";

export class WriteQueue {
  private readonly queue = new SerialQueue();
  private running = 0;

  /**
   * Whether a change is running now. A write appends rows of a document that is not committed
   * yet, so searches filter by document id while this holds (DocumentCatalog.scopeFilter).
   */
  get active(): boolean {
    return this.running > 0;
  }

  /** Runs `work` after every change queued before it; its failure reaches only this caller. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      this.running++;
      try {
        return await work();
      } finally {
        this.running--;
      }
    });
  }

  /** Resolves once every change queued so far has finished. */
  idle(): Promise<void> {
    return this.queue.idle();
  }
}
