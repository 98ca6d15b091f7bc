import { describe, expect, it } from "vitest";
import { UserPacing } from "../../../electron/engine/sync/UserPacing";

/**
 * A clock the test moves: `sleep` advances it, and `work` stands for the pass's own work. The
 * user's last question ended at `questionEnd` (null while one runs); the pass starts at `start`.
 */
function harness(questionEnd: number | null = -Infinity, start = 0) {
  const h = {
    now: start,
    questionEnd,
    slept: 0,
    pauses: 0,
    resumes: 0,
    /** Called from sleep, so a test can start a question mid-wait. */
    onSleep: undefined as (() => void) | undefined,
  };
  const pacing = new UserPacing({
    userIdleMs: () => (h.questionEnd === null ? 0 : h.now - h.questionEnd),
    now: () => h.now,
    sleep: (ms) => {
      h.now += ms;
      h.slept += ms;
      h.onSleep?.();
      return Promise.resolve();
    },
  });
  const step = (signal?: AbortSignal) =>
    pacing.step(signal, () => {
      h.pauses++;
      return () => h.resumes++;
    });
  const work = (ms: number) => {
    h.now += ms;
  };
  return { h, pacing, step, work };
}

describe("how a background pass makes way for the user", () => {
  it("runs at full speed when nobody has asked anything for a while", async () => {
    const { h, step, work } = harness(-60_000);
    for (let i = 0; i < 100; i++) {
      work(50);
      await step();
    }
    expect(h.slept).toBe(0);
    expect(h.pauses).toBe(0);
  });

  it("waits while a question runs and for the grace period after it, reporting the pause", async () => {
    const { h, step } = harness(null);
    h.onSleep = () => {
      if (h.now >= 300) h.questionEnd ??= h.now; // the answer arrives at 300 ms
    };
    await step();
    expect(h.pauses).toBe(1);
    expect(h.resumes).toBe(1);
    expect(h.now).toBeGreaterThanOrEqual(300 + 1500);
    expect(h.now).toBeLessThan(300 + 1500 + 40);
  });

  it("works at most a fifth of the time while the user is in a conversation", async () => {
    const { h, step, work } = harness(0, 2000); // the user asked 2 s ago: the grace has passed
    let worked = 0;
    for (let i = 0; i < 200; i++) {
      work(10); // a file
      worked += 10;
      if (i % 8 === 7) {
        work(60); // a group write
        worked += 60;
      }
      await step();
    }
    const share = worked / (h.now - 2000);
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
    expect(h.pauses).toBe(0);
  });

  it("does not rest after short stretches of work", async () => {
    const { h, step, work } = harness(0, 2000);
    work(10);
    await step();
    expect(h.slept).toBe(0);
  });

  it("goes back to full speed once the user has been away for the active window", async () => {
    const { h, step, work } = harness(0, 31_000);
    work(100);
    await step();
    expect(h.slept).toBe(0);
  });

  it("turns a rest into a pause when a question starts during it", async () => {
    const { h, step, work } = harness(0, 2000);
    work(100); // owes a 400 ms rest
    h.onSleep = () => {
      if (h.now >= 2100 && h.questionEnd === 0)
        h.questionEnd = null; // asks during the rest
      else if (h.questionEnd === null && h.now >= 2300) h.questionEnd = h.now; // answered
    };
    await step();
    expect(h.pauses).toBe(1);
    expect(h.now).toBeGreaterThanOrEqual(2300 + 1500);
  });

  it("stops waiting when the pass is cancelled", async () => {
    const { h, step } = harness(null);
    const stop = new AbortController();
    h.onSleep = () => {
      if (h.now >= 100) stop.abort();
    };
    await step(stop.signal);
    expect(h.now).toBeLessThan(200);
  });

  it("says whether the user is in a conversation", () => {
    const { h, pacing } = harness(0);
    h.now = 29_000;
    expect(pacing.userActive).toBe(true);
    h.now = 31_000;
    expect(pacing.userActive).toBe(false);
    h.questionEnd = null;
    expect(pacing.userActive).toBe(true);
  });
});
