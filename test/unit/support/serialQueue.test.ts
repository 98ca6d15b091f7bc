import { describe, expect, it } from "vitest";
import { SerialQueue } from "../../../electron/engine/support/serialQueue";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("serial queue", () => {
  it("runs work one piece at a time, in the order queued", async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const piece = (name: string, ms: number) =>
      queue.run(async () => {
        log.push(`${name} start`);
        await tick(ms);
        log.push(`${name} end`);
        return name;
      });
    const results = await Promise.all([piece("a", 20), piece("b", 1), piece("c", 5)]);
    expect(results).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
  });

  it("a failure reaches its caller and the queue goes on", async () => {
    const queue = new SerialQueue();
    const failed = queue.run(() => Promise.reject(new Error("disk full")));
    const next = queue.run(() => Promise.resolve("after"));
    await expect(failed).rejects.toThrow("disk full");
    await expect(next).resolves.toBe("after");
  });

  it("idle() waits for everything queued, quiet failures included", async () => {
    const queue = new SerialQueue();
    let done = false;
    queue.runQuietly(() => Promise.reject(new Error("warm-up failed")));
    queue.runQuietly(async () => {
      await tick(10);
      done = true;
    });
    await queue.idle();
    expect(done).toBe(true);
  });
});
