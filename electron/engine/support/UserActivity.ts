/**
 * Whether the user is waiting on the engine now (a question or a search in flight), so
 * background work (source-folder passes) can step aside until it is answered.
 */
export class UserActivity {
  private running = 0;
  private lastEnd = -Infinity;

  get busy(): boolean {
    return this.running > 0;
  }

  /** Milliseconds since the user's last request ended; 0 while one runs. */
  idleMs(): number {
    return this.running > 0 ? 0 : performance.now() - this.lastEnd;
  }

  /** Runs `work`, counted as the user's while it runs. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.lastEnd = performance.now();
    }
  }

  /**
   * Wraps `target[name]` (a method) so every call counts as the user's. Used once, in the
   * composition root, on the searches and questions the engine's contract methods call.
   */
  track<T extends object, K extends keyof T>(target: T, name: K): T {
    const method = target[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    const wrapped = (...args: unknown[]): Promise<unknown> =>
      this.during(() => method.apply(target, args));
    (target as Record<K, unknown>)[name] = wrapped;
    return target;
  }
}
