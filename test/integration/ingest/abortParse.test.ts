import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImportError } from "../../../electron/engine/ingest/ImportError";
import { parseDocument } from "../../../electron/engine/ingest/parseDocument";
import { PdfWorkerPool } from "../../../electron/engine/ingest/PdfWorkerPool";
import { makePdf } from "../../fixtures/documents/makePdf";
import { makePdfBomb } from "../../fixtures/documents/makePdfBomb";
import { allPages, tempDir } from "./helpers";

let tmp: Awaited<ReturnType<typeof tempDir>>;
let bomb: string;
let good: string;
let pool: PdfWorkerPool;
beforeAll(async () => {
  tmp = await tempDir();
  bomb = await tmp.write("slow.pdf", await makePdfBomb({ contentBytes: 2 ** 30 }));
  good = await tmp.write(
    "good.pdf",
    await makePdf({ pages: [{ lines: ["The next file still imports."] }] }),
  );
  // One worker, so the next file can only parse on the replacement; the memory budget only keeps
  // a run without cancellation from exhausting the machine.
  pool = new PdfWorkerPool({ size: 1, taskTimeoutMs: 120_000, maxMemoryGrowthMb: 1024 });
});
afterAll(async () => {
  await pool.dispose();
  await tmp.remove();
});

describe("aborting a parse", () => {
  it("abandons the worker task in flight at once with ABORTED, and the next file parses on a fresh worker", async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 500);
    const error = await parseDocument(bomb, { pool, signal: controller.signal })
      .then((parsed) => allPages(parsed))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe("ABORTED");
    expect((error as ImportError).message).toContain('"slow.pdf"');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(pool.busy).toBe(false);
    const pages = await allPages(await parseDocument(good, { pool }));
    expect(pages[0]?.text).toContain("The next file still imports.");
  });

  it("gives up at once a file waiting behind another file's task", async () => {
    const slowController = new AbortController();
    const controller = new AbortController();
    // Both files are read to their last page, as an import does: opening a document only reads
    // its metadata, which the worker answers at once even for the slow file.
    const slow = parseDocument(bomb, { pool, signal: slowController.signal })
      .then((parsed) => allPages(parsed))
      .then(
        () => null,
        (e: unknown) => e,
      );
    // The only worker is busy with the slow file's pages: the good file's pages wait behind them.
    // The good file starts once the slow file's first page is in the worker (started together,
    // the good file's tasks could reach the worker first and finish before the abort).
    await expect.poll(() => pool.busy).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(pool.busy).toBe(true);
    const waiting = parseDocument(good, { pool, signal: controller.signal })
      .then((parsed) => allPages(parsed))
      .then(
        () => null,
        (e: unknown) => e,
      );
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    controller.abort();
    expect(await waiting).toMatchObject({ code: "ABORTED" });
    expect(Date.now() - started).toBeLessThan(1000);
    slowController.abort();
    expect(await slow).toMatchObject({ code: "ABORTED" });
    expect(pool.busy).toBe(false);
  });
});
