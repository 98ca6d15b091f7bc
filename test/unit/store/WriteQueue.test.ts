import { describe, expect, it } from "vitest";
import { WriteQueue } from "../../../electron/engine/store/WriteQueue";

describe("WriteQueue", () => {
  it("reports a change as running only while one runs, failed ones included", async () => {
    const writes = new WriteQueue();
    const seen: boolean[] = [writes.active];
    const first = writes.run(() => {
      seen.push(writes.active);
      return Promise.reject(new Error("disk full"));
    });
    const second = writes.run(() => {
      seen.push(writes.active);
      return Promise.resolve(2);
    });
    await expect(first).rejects.toThrow("disk full");
    expect(await second).toBe(2);
    seen.push(writes.active);
    expect(seen).toEqual([false, true, true, false]);
  });

  it("a change queued behind a running one starts only after it ends", async () => {
    const writes = new WriteQueue();
    const order: string[] = [];
    let release!: () => void;
    const first = writes.run(async () => {
      order.push("first starts");
      await new Promise<void>((r) => (release = r));
      order.push("first ends");
    });
    const second = writes.run(() => {
      order.push("second starts");
      return Promise.resolve();
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(writes.active).toBe(true);
    release();
    await Promise.all([first, second]);
    await writes.idle();
    expect(order).toEqual(["first starts", "first ends", "second starts"]);
    expect(writes.active).toBe(false);
  });
});
