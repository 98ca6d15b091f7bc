import { describe, expect, it } from "vitest";
import {
  applyImportEvent,
  newImportRun,
  overallProgress,
} from "../../../renderer/src/stores/importProgress";

describe("import progress", () => {
  it("counts finished files and the current file's pages toward the overall bar and estimates time left", () => {
    let run = newImportRun("r1", 0);
    run = applyImportEvent(run, {
      kind: "started",
      requestId: "r1",
      file: "a",
      path: "/a",
      index: 0,
      total: 4,
    });
    run = applyImportEvent(run, {
      kind: "done",
      requestId: "r1",
      file: "a",
      path: "/a",
      documentId: "x",
      pages: 5,
      chunks: 7,
      skipped: false,
      truncatedChunks: 0,
    });
    run = applyImportEvent(run, {
      kind: "started",
      requestId: "r1",
      file: "b",
      path: "/b",
      index: 1,
      total: 4,
    });
    run = applyImportEvent(run, {
      kind: "progress",
      requestId: "r1",
      file: "b",
      path: "/b",
      pagesDone: 5,
      pagesTotal: 10,
    });
    const { fraction, remainingMs } = overallProgress(run, 15_000);
    expect(fraction).toBeCloseTo(1.5 / 4);
    // 15 s for 37.5 % of the work leaves 25 s.
    expect(remainingMs).toBeCloseTo(25_000);
  });

  it("gives no time estimate before there is enough progress to base it on", () => {
    const run = applyImportEvent(newImportRun("r1", 0), {
      kind: "started",
      requestId: "r1",
      file: "a",
      path: "/a",
      index: 0,
      total: 100,
    });
    expect(overallProgress(run, 1000).remainingMs).toBeNull();
  });

  it("ignores events of another import", () => {
    const run = newImportRun("r1", 0);
    expect(
      applyImportEvent(run, {
        kind: "started",
        requestId: "r2",
        file: "a",
        path: "/a",
        index: 0,
        total: 1,
      }),
    ).toBe(run);
  });
});
