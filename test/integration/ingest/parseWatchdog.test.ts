import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImportError } from "../../../electron/engine/ingest/ImportError";
import { parseDocument } from "../../../electron/engine/ingest/parseDocument";
import { PdfWorkerPool } from "../../../electron/engine/ingest/PdfWorkerPool";
import { makePdf } from "../../fixtures/documents/makePdf";
import { makePdfBomb } from "../../fixtures/documents/makePdfBomb";
import { allPages, parseFailure, tempDir } from "./helpers";

let tmp: Awaited<ReturnType<typeof tempDir>>;
let bomb: string;
let good: string;
beforeAll(async () => {
  tmp = await tempDir();
  bomb = await tmp.write("bomb.pdf", await makePdfBomb({ contentBytes: 2 ** 30 }));
  good = await tmp.write(
    "good.pdf",
    await makePdf({ pages: [{ lines: ["The next file still imports."] }] }),
  );
});
afterAll(() => tmp.remove());

const failure = (
  path: string,
  pool: PdfWorkerPool,
  options: Parameters<typeof parseDocument>[1] = {},
): Promise<ImportError> => parseFailure(path, { pool, ...options });

/** One worker, so the file after the bomb can only import on the replacement worker. */
function usePool(options: ConstructorParameters<typeof PdfWorkerPool>[0]): () => PdfWorkerPool {
  let pool: PdfWorkerPool | undefined;
  beforeAll(() => {
    pool = new PdfWorkerPool({ size: 1, ...options });
  });
  afterAll(() => pool?.dispose());
  return () => pool as PdfWorkerPool;
}

describe("a PDF that inflates 1 MB into 1 GiB of page content", () => {
  describe("with a time budget", () => {
    const pool = usePool({ taskTimeoutMs: 3000, maxMemoryGrowthMb: 0 });
    it("is refused as TOO_LARGE once it runs past the budget, and the next file imports", async () => {
      const started = Date.now();
      const e = await failure(bomb, pool());
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(e.code).toBe("TOO_LARGE");
      expect(e.message).toContain('"bomb.pdf"');
      expect(e.message).toContain("took too long");
      const pages = await allPages(await parseDocument(good, { pool: pool() }));
      expect(pages[0]?.text).toContain("The next file still imports.");
    });
  });

  describe("with a memory budget", () => {
    const pool = usePool({ taskTimeoutMs: 120_000, maxMemoryGrowthMb: 256 });
    it("is refused as TOO_LARGE once memory grows past the budget, and the next file imports", async () => {
      const e = await failure(bomb, pool());
      expect(e.code).toBe("TOO_LARGE");
      expect(e.message).toContain('"bomb.pdf"');
      expect(e.message).toContain("too much memory");
      const pages = await allPages(await parseDocument(good, { pool: pool() }));
      expect(pages[0]?.text).toContain("The next file still imports.");
    });
  });

  describe("a text file larger than the text limit", () => {
    const pool = usePool({});
    it("is refused as TOO_LARGE before any of it is read, and the next file imports", async () => {
      const line = "Every line of this log says the same thing, again and again.\n";
      const big = await tmp.write("huge.log", line.repeat(Math.ceil(2 ** 21 / line.length)));
      const e = await failure(big, pool(), { maxTextBytes: 2 ** 20 });
      expect(e.code).toBe("TOO_LARGE");
      expect(e.message).toContain('"huge.log"');
      expect(e.message).toContain("read up to 1 MiB");
      const small = await tmp.write("small.txt", "A small note that still imports.");
      const pages = await allPages(await parseDocument(small, { pool: pool() }));
      expect(pages[0]?.text).toContain("still imports");
    });
  });
});
