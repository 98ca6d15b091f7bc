/** Pure bookkeeping of one import run: per-file rows, overall fraction and time remaining. */
import type { ErrorInfo, ImportEvent, ImportReport } from "../../../shared/types";

export type ImportFileStatus = "queued" | "importing" | "done" | "skipped" | "failed";

export interface ImportFileRow {
  path: string;
  file: string;
  status: ImportFileStatus;
  pagesDone: number;
  pagesTotal: number;
  pages: number;
  chunks: number;
  error: ErrorInfo | null;
}

export interface ImportRun {
  requestId: string;
  /** Milliseconds since the epoch when the run started. */
  startedAt: number;
  total: number;
  rows: ImportFileRow[];
  finished: boolean;
  imported: number;
  failed: number;
  skipped: number;
}

export function newImportRun(requestId: string, now: number): ImportRun {
  return {
    requestId,
    startedAt: now,
    total: 0,
    rows: [],
    finished: false,
    imported: 0,
    failed: 0,
    skipped: 0,
  };
}

function upsert(
  run: ImportRun,
  path: string,
  file: string,
  patch: Partial<ImportFileRow>,
): ImportFileRow[] {
  const i = run.rows.findIndex((r) => r.path === path);
  if (i < 0) {
    const row: ImportFileRow = {
      path,
      file,
      status: "queued",
      pagesDone: 0,
      pagesTotal: 0,
      pages: 0,
      chunks: 0,
      error: null,
      ...patch,
    };
    return [...run.rows, row];
  }
  const rows = [...run.rows];
  rows[i] = { ...(rows[i] as ImportFileRow), ...patch };
  return rows;
}

/** Applies one `importProgress` event; events of other runs are ignored. */
export function applyImportEvent(run: ImportRun, event: ImportEvent): ImportRun {
  if (event.requestId !== run.requestId) return run;
  switch (event.kind) {
    case "started":
      return {
        ...run,
        total: Math.max(run.total, event.total),
        rows: upsert(run, event.path, event.file, { status: "importing" }),
      };
    case "progress":
      return {
        ...run,
        rows: upsert(run, event.path, event.file, {
          status: "importing",
          pagesDone: event.pagesDone,
          pagesTotal: event.pagesTotal,
        }),
      };
    case "done":
      return {
        ...run,
        rows: upsert(run, event.path, event.file, {
          status: event.skipped ? "skipped" : "done",
          pages: event.pages,
          chunks: event.chunks,
          pagesDone: event.pages,
          pagesTotal: event.pages,
        }),
      };
    case "failed":
      return {
        ...run,
        rows: upsert(run, event.path, event.file, { status: "failed", error: event.error }),
      };
    case "finished":
      return {
        ...run,
        finished: true,
        imported: event.imported,
        failed: event.failed,
        skipped: event.skipped,
      };
  }
}

/** Folds the final report in, so files that failed before any event still show their reason. */
export function applyImportReport(run: ImportRun, report: ImportReport): ImportRun {
  let next = run;
  for (const r of report.results) {
    const status: ImportFileStatus = !r.ok ? "failed" : r.skipped === true ? "skipped" : "done";
    next = {
      ...next,
      rows: upsert(next, r.path, r.file, {
        status,
        pages: r.pages ?? 0,
        chunks: r.chunks ?? 0,
        error: r.error ?? null,
        ...(r.ok ? { pagesDone: r.pages ?? 0, pagesTotal: r.pages ?? 0 } : {}),
      }),
    };
  }
  const count = (s: ImportFileStatus): number => next.rows.filter((r) => r.status === s).length;
  return {
    ...next,
    total: Math.max(next.total, next.rows.length),
    finished: true,
    imported: count("done"),
    failed: count("failed"),
    skipped: count("skipped"),
  };
}

export interface OverallProgress {
  /** 0..1 */
  fraction: number;
  /** Estimated milliseconds left, or null while too early to tell. */
  remainingMs: number | null;
}

export function overallProgress(run: ImportRun, now: number): OverallProgress {
  if (run.finished) return { fraction: 1, remainingMs: 0 };
  const total = Math.max(run.total, run.rows.length);
  if (total === 0) return { fraction: 0, remainingMs: null };
  let done = 0;
  for (const r of run.rows) {
    if (r.status === "done" || r.status === "skipped" || r.status === "failed") done += 1;
    else if (r.status === "importing" && r.pagesTotal > 0) done += r.pagesDone / r.pagesTotal;
  }
  const fraction = Math.min(1, done / total);
  const elapsed = now - run.startedAt;
  // Below a few percent the rate is mostly start-up cost, so an estimate would mislead.
  const remainingMs =
    fraction >= 0.03 && elapsed > 0 ? (elapsed / fraction) * (1 - fraction) : null;
  return { fraction, remainingMs };
}
