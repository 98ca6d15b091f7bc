/**
 * engine/support — small Node helpers: this serial queue, writeFileAtomic and writeJsonAtomic
 * (a crash leaves the old file or the new one), readTextIfPresent, setting a damaged file aside,
 * recognising a full disk, and the data folder's single-writer lock. The bottom layer: every
 * engine folder (and main) may use it, and it imports nothing of the engine.
 *
 * Runs async work one piece at a time, in the order it was queued. A failure reaches the caller
 * of that piece and the queue goes on with the next. The one mechanism behind "never two model
 * loads at once", "one store write at a time", "one audit append at a time" and background upkeep.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Queues work whose failure only costs something optional (a cache, a warm-up): it is dropped. */
  runQuietly(work: () => Promise<unknown>): void {
    void this.run(work).catch(() => undefined);
  }

  /** Resolves once everything queued so far has finished (failed pieces included). */
  async idle(): Promise<void> {
    await this.tail;
  }
}
