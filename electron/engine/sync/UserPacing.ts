/**
 * How a background pass makes way for the user, asked between its units of work (a file, a
 * group write, an index refresh):
 *  - while a question or search runs, and for a grace period after, the pass waits ("paused");
 *  - while the user is in a conversation (a question ended within the active window), the pass
 *    works at most a share of the time, resting after each stretch of work in proportion to it.
 *    A unit in flight cannot be stopped, so a question finds one running about as often as the
 *    pass works; resting makes that rare (bench:sync measures the latency).
 * Once the user has been away for the active window, the pass runs at full speed again.
 */

export interface UserPacingOptions {
  /** Milliseconds since the user's last question or search ended (0 while one runs). */
  userIdleMs(): number;
  /** Pause after a question ends, in ms, so a follow-up does not land on a write. Default: 1,500. */
  graceMs?: number;
  /** How long after a question the user counts as active, in ms. Default: 30,000. */
  activeWindowMs?: number;
  /** Share of the time the pass may work while the user is active (0–1]. Default: 0.2. */
  activeShare?: number;
  /** Clock and timer, for tests. Default: performance.now and setTimeout. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Stretches of work shorter than this run on without a rest (a file parse takes about 1 ms). */
const MIN_STRETCH_MS = 25;
/** How often a wait looks at the user again, in ms. */
const POLL_MS = 20;

export class UserPacing {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private workingSince: number;

  constructor(private readonly options: UserPacingOptions) {
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.workingSince = this.now();
  }

  /** Whether the user is in a conversation (a question within the active window, or one running). */
  get userActive(): boolean {
    return this.options.userIdleMs() < (this.options.activeWindowMs ?? 30_000);
  }

  /**
   * Between two units of work: returns at once, or after waiting for the user (`onPause` is
   * called when that wait starts; the function it returns, when it ends) or resting.
   */
  async step(signal?: AbortSignal, onPause?: () => () => void): Promise<void> {
    const grace = this.options.graceMs ?? 1500;
    const aborted = (): boolean => signal?.aborted === true;
    if (this.options.userIdleMs() < grace) {
      const resume = onPause?.();
      while (this.options.userIdleMs() < grace && !aborted()) await this.sleep(POLL_MS);
      resume?.();
      this.workingSince = this.now();
      return;
    }
    const start = this.now();
    if (!this.userActive) {
      this.workingSince = start;
      return;
    }
    const worked = start - this.workingSince;
    if (worked < MIN_STRETCH_MS) return;
    const share = Math.min(1, Math.max(0.01, this.options.activeShare ?? 0.2));
    const until = start + (worked * (1 - share)) / share;
    while (this.now() < until && !aborted()) {
      // A question during the rest: wait for it (and its grace) instead.
      if (this.options.userIdleMs() < grace) return this.step(signal, onPause);
      await this.sleep(Math.min(POLL_MS, until - this.now()));
    }
    this.workingSince = this.now();
  }
}
