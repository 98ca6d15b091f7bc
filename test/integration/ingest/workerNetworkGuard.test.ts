import { afterAll, describe, expect, it, vi } from "vitest";
import { PdfWorkerPool } from "../../../electron/engine/ingest/PdfWorkerPool";
import { networkRefusals } from "../../../electron/engine/net/networkGuard";

const pool = new PdfWorkerPool({
  size: 1,
  workerUrl: new URL("./workers/netProbeWorker.ts", import.meta.url),
});
afterAll(() => pool.dispose());

describe("the network guard in parse workers", () => {
  it("refuses a connection made from a PDF worker and records it where the engine reads refusals", async () => {
    const before = networkRefusals().length;
    await pool.warmUp();
    await vi.waitFor(
      () => {
        const found = networkRefusals()
          .slice(before)
          .find((r) => r.target === "203.0.113.7:443");
        expect(found).toMatchObject({ kind: "net" });
      },
      { timeout: 10_000, interval: 50 },
    );
  });
});
