/** Pure bookkeeping of one import run: per-file rows, overall fraction and time remaining. */
import type { ErrorInfo, ImportEvent, ImportReport } from "../../../shared/types";

/** "stopped": not imported because the user stopped the import (code ABORTED), not a failure. */
export type ImportFileStatus = "queued" | "importing" | "done" | "skipped" | "failed" | "stopped";

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
  /** Files not imported because the import was stopped. */
  stopped: number;
  /** True once the user asked to stop, until the run finishes. */
  stopping: boolean;
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
    stopped: 0,
    stopping: false,
  };
}

/** A file that did not land: stopped when the import was stopped, failed otherwise. */
function notImportedStatus(error: ErrorInfo | undefined): ImportFileStatus {
  return error?.code === "ABORTED" ? "stopped" : "failed";
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
        rows: upsert(run, event.path, event.file, {
          status: notImportedStatus(event.error),
          error: event.error,
        }),
      };
    case "finished":
      return {
        ...run,
        finished: true,
        imported: event.imported,
        failed: event.failed,
        skipped: event.skipped,
        stopped: event.stopped,
        stopping: false,
      };
  }
}

/** Folds the final report in, so files that failed before any event still show their reason. */
export function applyImportReport(run: ImportRun, report: ImportReport): ImportRun {
  let next = run;
  for (const r of report.results) {
    const status: ImportFileStatus = !r.ok
      ? notImportedStatus(r.error)
      : r.skipped === true
        ? "skipped"
        : "done";
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
    stopped: count("stopped"),
    stopping: false,
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
    if (r.status === "importing") {
      if (r.pagesTotal > 0) done += r.pagesDone / r.pagesTotal;
    } else if (r.status !== "queued") done += 1;
  }
  const fraction = Math.min(1, done / total);
  const elapsed = now - run.startedAt;
  // Below a few percent the rate is mostly start-up cost, so an estimate would mislead.
  const remainingMs =
    fraction >= 0.03 && elapsed > 0 ? (elapsed / fraction) * (1 - fraction) : null;
  return { fraction, remainingMs };
}
