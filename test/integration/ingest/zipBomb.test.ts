import { describe, expect, it } from "vitest";
import { ImportError } from "../../../electron/engine/ingest/ImportError";
import { parseDocument } from "../../../electron/engine/ingest/parseDocument";
import { parseDocx } from "../../../electron/engine/ingest/parseDocx";
import { PdfWorkerPool } from "../../../electron/engine/ingest/PdfWorkerPool";
import { makeDocxBomb } from "../../fixtures/documents/makeDocxBomb";
import { allPages, useTempDirAndPool } from "./helpers";

const setup = useTempDirAndPool();

async function failure(run: () => Promise<unknown>): Promise<ImportError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error("the file was imported, but a failure was expected");
}

describe("Word documents that unpack to far more than they weigh (zip bombs)", () => {
  it("refuses 1 GiB of XML deflated to a few MiB, whose headers claim 1 KB, as TOO_LARGE within seconds and without the memory", async () => {
    const bytes = await makeDocxBomb({ xmlBytes: 2 ** 30, declaredBytes: 1000 });
    expect(bytes.length).toBeLessThan(4 * 2 ** 20);
    const path = await setup.tmp().write("bomb.docx", bytes);
    const started = Date.now();
    const e = await failure(async () =>
      allPages(await parseDocument(path, { pool: setup.pool() })),
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toContain('"bomb.docx"');
    expect(e.message).toContain("word/document.xml unpacks to more than 32 MiB");
    // Peak resident memory of this whole test process, generation of the bomb included.
    expect(process.resourceUsage().maxRSS * 1024).toBeLessThan(2 ** 30);
  });

  it("refuses a part whose declared size is over the limit before unpacking any of it", async () => {
    const path = await setup
      .tmp()
      .write("honest.docx", await makeDocxBomb({ xmlBytes: 40 * 2 ** 20 }));
    const e = await failure(() => parseDocx(path));
    expect(e.code).toBe("TOO_LARGE");
  });

  it("still imports a Word document under the limits, and the limits are settable", async () => {
    const path = await setup.tmp().write("fine.docx", await makeDocxBomb({ xmlBytes: 200_000 }));
    const pages = await allPages(await parseDocument(path, { pool: setup.pool() }));
    expect(pages[0]?.text).toContain("all work and no play");
    const e = await failure(() => parseDocx(path, { maxPartBytes: 100_000 }));
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toContain('"fine.docx"');
  });

  it("is read in a worker: the main thread keeps running, and the parse watchdog applies", async () => {
    const path = await setup.tmp().write("heavy.docx", await makeDocxBomb({ xmlBytes: 3e6 }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const pages = await allPages(await parseDocument(path, { pool: setup.pool() }));
    clearInterval(timer);
    expect(pages[0]?.text).toContain("all work and no play");
    // mammoth takes seconds over 3 MB of XML; on the main thread the timer could not have run.
    expect(ticks).toBeGreaterThan(20);
    const strict = new PdfWorkerPool({ size: 1, taskTimeoutMs: 300 });
    try {
      const e = await failure(async () => allPages(await parseDocument(path, { pool: strict })));
      expect(e.code).toBe("TOO_LARGE");
      expect(e.message).toContain("took too long");
    } finally {
      await strict.dispose();
    }
  });
});
